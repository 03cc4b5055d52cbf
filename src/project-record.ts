import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { sha256 } from './content-hash.js';
import { UserError } from './errors.js';
import type { Answers, RecordedAnswers } from './questions.js';
import type { TemplateSource } from './templates/types.js';
import { VERSION } from './version.js';

/** Where a project records how it was generated. */
export const RECORD_FILE = '.create-agents.json';

export interface ProjectRecord {
  tool: 'create-agents';
  version: string;
  /** `builtin`, or the templates folder given with --templates, relative to the project folder. */
  templates: string;
  stack: string;
  /** The Supabase project_id the run used (from the folder name); older records lack it. */
  projectId?: string;
  answers: RecordedAnswers;
  /** The migration file names the templates fixed (their timestamps belong to the template version). */
  migrations?: string[];
  files: RecordedFile[];
}

/** A generated file as recorded: the SHA-256 of what was written. */
export interface RecordedFile {
  path: string;
  sha256: string;
}

export function recordFile(path: string, content: string | Uint8Array): RecordedFile {
  return { path, sha256: sha256(content) };
}

/** Whether `content` is what the record says was generated (false when the record has no such file). */
export function matchesRecord(entry: RecordedFile | undefined, content: string | Uint8Array): boolean {
  return entry !== undefined && entry.sha256 === sha256(content);
}

/** The recorded files by path. */
export function recordsByPath(record: Pick<ProjectRecord, 'files'>): Map<string, RecordedFile> {
  return new Map(record.files.map((f) => [f.path, f]));
}

export function recordText(record: ProjectRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The statuses of plan entries whose file holds what was rendered once the run is done. */
const RECORDED = new Set(['create', 'unchanged', 'overwrite']);

/**
 * The record of a run: answers, and the hash of every file that holds what was rendered. Entries with
 * a plan status are recorded only when the file ends up as rendered.
 */
export function buildRecord(
  source: TemplateSource,
  answers: Answers | RecordedAnswers,
  files: ReadonlyArray<{ path: string; content: string; status?: string }>,
  where: { root: string; projectId: string },
): ProjectRecord {
  const { dir: _dir, ...recorded } = answers as Answers;
  const migrations = files.map((f) => /^supabase\/migrations\/([^/]+\.sql)$/.exec(f.path)?.[1]).filter((m): m is string => Boolean(m));
  return {
    tool: 'create-agents',
    version: VERSION,
    templates: templatesLabel(source.label, where.root),
    stack: recorded.stack,
    projectId: where.projectId,
    answers: recorded,
    ...(migrations.length ? { migrations } : {}),
    files: files.filter((f) => f.status === undefined || RECORDED.has(f.status)).map((f) => recordFile(f.path, f.content)),
  };
}

/** A templates folder as recorded: relative to the project root, POSIX separators, so the record travels. */
export function templatesLabel(label: string, root: string): string {
  if (label === 'builtin') return label;
  const rel = relative(root, resolve(label));
  return (rel && !isAbsolute(rel) ? rel : resolve(label)).split(sep).join('/');
}

/** Reads the record, or null when there is none; a damaged one is a clear error. */
export async function readProjectRecord(root: string): Promise<ProjectRecord | null> {
  const path = join(root, RECORD_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return parseRecord(text, path);
}

/** A relative POSIX path that stays inside the project. */
function isProjectPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.includes('\\') && !path.split('/').some((p) => p === '..' || p === '');
}

function isRecordedFile(f: unknown): f is RecordedFile {
  const file = f as Partial<Record<'path' | 'sha256', unknown>> | null;
  return typeof file?.path === 'string' && typeof file.sha256 === 'string' && /^[0-9a-f]{64}$/.test(file.sha256);
}

/** Parses and validates a record's text; `path` names it in errors. */
export function parseRecord(text: string, path: string): ProjectRecord {
  const hint = `Restore ${RECORD_FILE} from version control, or delete it and run create-agents again to regenerate it.`;
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}).`, { hint });
  }
  const m = data as Partial<ProjectRecord>;
  const problems: string[] = [];
  if (!m || typeof m !== 'object') problems.push('it is not an object');
  else {
    if (typeof m.stack !== 'string') problems.push('"stack" is missing');
    if (typeof m.version !== 'string') problems.push('"version" is missing');
    if (!m.answers || typeof m.answers !== 'object') problems.push('"answers" is missing');
    if (!Array.isArray(m.files) || !m.files.every(isRecordedFile)) {
      problems.push('"files" must list { path, sha256 }');
    } else if (m.files.some((f) => !isProjectPath(f.path))) {
      problems.push('"files" holds a path outside the project');
    }
  }
  if (problems.length) throw new UserError(`${path} is damaged: ${problems.join('; ')}.`, { hint });
  return { templates: 'builtin', ...m } as ProjectRecord;
}
