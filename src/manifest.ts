import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from './errors.js';
import type { RecordedAnswers } from './questions.js';

/** Where a project records how it was generated. */
export const MANIFEST = '.create-agents.json';

export interface Manifest {
  tool: 'create-agents';
  version: string;
  /** `builtin`, or the templates folder given with --templates. */
  templates: string;
  stack: string;
  answers: RecordedAnswers;
  files: Array<{ path: string; sha256: string }>;
}

export const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads the record, or null when there is none; a damaged one is a clear error. */
export async function readManifest(root: string): Promise<Manifest | null> {
  const path = join(root, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  const hint = `Restore ${MANIFEST} from version control, or delete it and run create-agents again to regenerate it.`;
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}).`, { hint });
  }
  const m = data as Partial<Manifest>;
  const problems: string[] = [];
  if (!m || typeof m !== 'object') problems.push('it is not an object');
  else {
    if (typeof m.stack !== 'string') problems.push('"stack" is missing');
    if (typeof m.version !== 'string') problems.push('"version" is missing');
    if (!m.answers || typeof m.answers !== 'object') problems.push('"answers" is missing');
    if (!Array.isArray(m.files) || !m.files.every((f) => typeof f?.path === 'string' && typeof f?.sha256 === 'string')) {
      problems.push('"files" must list { path, sha256 }');
    }
  }
  if (problems.length) throw new UserError(`${path} is damaged: ${problems.join('; ')}.`, { hint });
  return { templates: 'builtin', ...m } as Manifest;
}
