/**
 * Files made of lines that stand alone (.gitignore, .env.example): rather than a conflict, the lines
 * of the template that the file lacks are appended, and every line of yours is kept as it is.
 */
import { posix } from 'node:path';

/** What makes two lines the same: the pattern itself, or the variable a line sets (its value is yours). */
const LINE_FILES: Record<string, (line: string) => string> = {
  '.gitignore': (line) => line.trim(),
  '.env.example': (line) => /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=/.exec(line)?.[1] ?? line.trim(),
};

/** Heads the appended lines; a comment, so it is never a line to add. */
export const APPENDED_HEADING = '# Added from the create-agents templates';

export const mergesLines = (path: string) => Object.hasOwn(LINE_FILES, posix.basename(path));

/**
 * The file with the template's missing lines appended (blank lines and comments are not missing), the
 * file as it is when none is missing, or null when the file is not one of these or is not text.
 */
export function appendMissingLines(path: string, current: Buffer, rendered: string): string | null {
  if (!mergesLines(path) || current.includes(0)) return null;
  const key = LINE_FILES[posix.basename(path)]!;
  const text = current.toString('utf8');
  const have = new Set(text.split(/\r?\n/).map(key));
  const missing = rendered.split(/\r?\n/).filter((line) => line.trim() && !line.trimStart().startsWith('#') && !have.has(key(line)));
  if (!missing.length) return text;
  const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${text}${separator}${APPENDED_HEADING}\n${[...new Set(missing)].join('\n')}\n`;
}
