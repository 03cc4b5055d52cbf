import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { sha256 } from './content-hash.js';
import { UserError } from './errors.js';
import { PROJECT_ID, SEMVER } from './names.js';
import type { Answers, RecordedAnswers } from './questions.js';
import type { TemplateSource } from './templates/types.js';
import { VERSION } from './version.js';
import { RECORD_FILE } from './write/own-files.js';
import { NotRegularFileError, readRegularFile } from './write/read-regular.js';

/** Where a project records how it was generated. */
export { RECORD_FILE };

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
  return readProjectRecordBytes(root)?.record ?? null;
}

/**
 * Reads the record and the exact bytes it was parsed from (add and update check under the lock that
 * the record is still those bytes, so that two runs never lose each other's change). A FIFO or a
 * device in its place is refused, never waited on.
 */
export function readProjectRecordBytes(root: string): { record: ProjectRecord; bytes: Buffer } | null {
  const path = join(root, RECORD_FILE);
  let bytes: Buffer | null;
  try {
    bytes = readRegularFile(path);
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      throw new UserError(`${path} is ${error.kind}, not the record create-agents writes.`, {
        exitCode: 2,
        hint: `Remove it, and restore ${RECORD_FILE} from version control.`,
      });
    }
    throw new UserError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return bytes && { record: parseRecord(bytes.toString('utf8'), path), bytes };
}

/** A relative POSIX path that stays inside the project. */
function isProjectPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.includes('\\') && !path.split('/').some((p) => p === '..' || p === '');
}

function isRecordedFile(f: unknown): f is RecordedFile {
  const file = f as Partial<Record<'path' | 'sha256', unknown>> | null;
  return typeof file?.path === 'string' && typeof file.sha256 === 'string' && /^[0-9a-f]{64}$/.test(file.sha256);
}

/** A stack id as registry.json names stacks. */
const STACK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Control, bidi-override and line-separator characters: never part of a recorded path or label. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * What is wrong with each field of a parsed record. The record is input like any other: a clone, a
 * pull request or a hand edit may have put anything there, and its fields end up in paths, commands
 * and templates.
 */
function recordProblems(m: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (m.tool !== undefined && m.tool !== 'create-agents') problems.push('"tool" is not "create-agents"');
  if (!isString(m.version)) problems.push('"version" is missing');
  else if (!SEMVER.test(m.version)) problems.push(`"version" ${JSON.stringify(m.version.slice(0, 40))} is not a version number`);
  if (!isString(m.stack)) problems.push('"stack" is missing');
  else if (!STACK_ID.test(m.stack)) problems.push(`"stack" ${JSON.stringify(m.stack.slice(0, 40))} is not a stack id`);
  if (m.templates !== undefined && (!isString(m.templates) || !m.templates || UNPRINTABLE.test(m.templates)))
    problems.push('"templates" must be "builtin" or a folder path');
  if (m.projectId !== undefined && (!isString(m.projectId) || !PROJECT_ID.test(m.projectId)))
    problems.push('"projectId" must be 1 to 40 letters, digits, "_" or "-"');
  problems.push(...answersProblems(m.answers));
  if (m.migrations !== undefined && (!Array.isArray(m.migrations) || !m.migrations.every((f) => isString(f) && /^[A-Za-z0-9_.-]{1,200}\.sql$/.test(f))))
    problems.push('"migrations" must list .sql file names');
  if (!Array.isArray(m.files) || !m.files.every(isRecordedFile)) {
    problems.push('"files" must list { path, sha256 }');
  } else if (m.files.some((f) => !isProjectPath(f.path) || UNPRINTABLE.test(f.path))) {
    problems.push('"files" holds a path outside the project');
  }
  return problems;
}

/** The types of the recorded answers; their values are checked against the stack when they are used. */
function answersProblems(a: unknown): string[] {
  if (!a || typeof a !== 'object' || Array.isArray(a)) return ['"answers" is missing'];
  const answers = a as Record<string, unknown>;
  const problems: string[] = [];
  const expect = (key: string, ok: boolean, what: string) => {
    if (key in answers && !ok) problems.push(`"answers.${key}" must be ${what}`);
  };
  expect('stack', isString(answers.stack), 'a string');
  expect('name', isString(answers.name), 'a string');
  expect('agents', Array.isArray(answers.agents) && answers.agents.every(isString), 'a list of agent names');
  expect('model', answers.model === null || isString(answers.model), 'a model name or null');
  expect('supabase', typeof answers.supabase === 'boolean', 'true or false');
  expect('kit', Array.isArray(answers.kit) && answers.kit.every(isString), 'a list of kit parts');
  expect('git', typeof answers.git === 'boolean', 'true or false');
  return problems;
}

/** Parses and validates a record's text; `path` names it in errors (exit 2: the input is bad). */
export function parseRecord(text: string, path: string): ProjectRecord {
  // Never advice to delete it: text that does not parse may be a record another run is writing.
  const hint = `Restore ${RECORD_FILE} from version control (git checkout -- ${RECORD_FILE}), or fix the field named.`;
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}).`, { hint, exitCode: 2 });
  }
  const problems = data && typeof data === 'object' && !Array.isArray(data) ? recordProblems(data as Record<string, unknown>) : ['it is not an object'];
  if (problems.length) throw new UserError(`${path} is damaged: ${problems.join('; ')}.`, { hint, exitCode: 2 });
  return { templates: 'builtin', ...(data as object) } as ProjectRecord;
}
