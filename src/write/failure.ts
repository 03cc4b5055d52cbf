/** What a failed file call means, in words a person can act on. */
import { UserError } from '../errors.js';

export const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException | undefined)?.code ?? '';

const PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'a name is too long',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'something is already there',
  EISDIR: 'a folder is in the way',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  ELOOP: 'too many levels of symbolic links',
};

/** Why a call failed: the problem in words when the code is a known one, else the error's own message. */
export function whyFailed(error: unknown): string {
  return PROBLEMS[codeOf(error)] ?? (error instanceof Error ? error.message : String(error));
}

/** The error to report for a failed step (`what` says which); one that is already a UserError is kept. */
export function fsFailure(what: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = codeOf(error);
  return new UserError(`Could not ${what}: ${whyFailed(error)}${PROBLEMS[code] ? ` (${code})` : ''}.`, { cause: error });
}
