import { existsSync, type Stats, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FlagSpec } from './args.js';
import { usageError } from './errors.js';
import { shellQuote, slugify } from './names.js';
import { unsafeTarget } from './target.js';
import { KIT_PARTS, type KitPart } from './templates/kit.js';
import type { RegistryMeta, StackMeta } from './templates/types.js';

export const MODELS = ['sonnet', 'opus', 'haiku', 'inherit'] as const;
export type ModelName = (typeof MODELS)[number];

/** Everything a run needs to render a project. `dir` is where; the rest is recorded in the project. */
export interface Answers {
  dir: string;
  stack: string;
  name: string;
  agents: string[];
  /** null: each agent keeps its template's own model. */
  model: ModelName | null;
  supabase: boolean;
  /** The parts of the Claude Code kit to render besides the agents (src/templates/kit.ts). */
  kit: KitPart[];
  git: boolean;
}

export type RecordedAnswers = Omit<Answers, 'dir'>;

export interface QuestionContext {
  registry: RegistryMeta;
  answers: Partial<Answers>;
  cwd: string;
}

export interface Choice {
  value: string;
  name: string;
  description?: string;
  /** Always chosen, shown checked and not to be unchecked; the reason why. */
  locked?: string;
}

/**
 * One question: its prompt, its flag, its --help line and its type, defined once.
 * `fromFlag` validates what was typed on the command line; `validate` is shared with the prompt.
 */
export interface Question<K extends keyof Answers = keyof Answers> {
  key: K;
  /** null: given as the positional argument. */
  flag: FlagSpec | null;
  message: string;
  prompt: 'input' | 'select' | 'confirm' | 'checkbox';
  /** Without a terminal and without --yes, a run stops when this has no value. */
  required?: boolean;
  /** A checkbox whose answer may be no choice at all. */
  allowEmpty?: boolean;
  choices?(ctx: QuestionContext): Choice[];
  default(ctx: QuestionContext): Answers[K];
  fromFlag(raw: string | boolean, ctx: QuestionContext): Answers[K];
  /** Whether to ask at all on a terminal (otherwise the default is taken). */
  ask?(ctx: QuestionContext): boolean;
  /** An error message for a bad value, or null. */
  validate?(value: Answers[K], ctx: QuestionContext): string | null;
  /** Turns what the prompt returned into the answer (default: as it is). */
  fromPrompt?(value: unknown): Answers[K];
  /** The value as it would be typed on the command line, for example commands. */
  toArg(value: Answers[K]): string;
}

export function stackOf(ctx: QuestionContext): StackMeta {
  const stack = ctx.registry.stacks.find((s) => s.id === ctx.answers.stack);
  if (!stack) throw new Error('stack is resolved before the questions that depend on it');
  return stack;
}

export const MAX_NAME_LENGTH = 10_000;
/** Room kept for the longest path inside a project, below the 4,096 bytes file systems take. */
export const MAX_DIR_BYTES = 3800;

/** C0 controls but tab and newline, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** Half of a surrogate pair on its own, or a Unicode noncharacter: not text, and not valid in YAML. */
const NOT_TEXT =
  /[\p{Cs}\uFDD0-\uFDEF\uFFFE\uFFFF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;

const describeChar = (text: string, pattern: RegExp) => {
  const char = pattern.exec(text)![0];
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
};

/**
 * The display name is free text: quotes, colons, `#`, `---`, newlines, `{{ }}`, emoji and right-to-left
 * text are all fine. What cannot work: empty, over 10,000 characters, control characters other than tab
 * and newline (NUL, escape sequences, carriage returns), and code points that are not text.
 */
export function validateDisplayName(name: string): string | null {
  if (!name.trim()) return 'The display name cannot be empty.';
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) return `The display name is ${length} characters long; the limit is ${MAX_NAME_LENGTH}.`;
  if (CONTROL.test(name)) return `The display name cannot hold control characters other than tab and newline (found ${describeChar(name, CONTROL)}).`;
  if (NOT_TEXT.test(name)) return `The display name holds ${describeChar(name, NOT_TEXT)}, which is not a character.`;
  return null;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\..*)?$/i;

/**
 * The target folder, as typed: relative (to `cwd`) or absolute, with `..`, spaces, unicode or a leading
 * dash. What cannot work: empty, NUL or control characters, a part over 255 bytes, a path too long for
 * the files inside it, a file where a folder must be, and on Windows its reserved names and characters.
 */
export function validateDir(dir: string, cwd = process.cwd(), platform: NodeJS.Platform = process.platform): string | null {
  if (!dir.trim()) return 'The folder name cannot be empty.';
  if (dir.includes('\0')) return 'The folder name cannot hold a NUL character.';
  if (CONTROL.test(dir) || /[\n\t]/.test(dir))
    return `The folder name cannot hold control characters (found ${describeChar(dir, /[\u0000-\u001f\u007f-\u009f]/u)}).`;
  if (NOT_TEXT.test(dir)) return `The folder name holds ${describeChar(dir, NOT_TEXT)}, which is not a character.`;
  const parts = dir.split(platform === 'win32' ? /[\\/]/ : /\//);
  const long = parts.find((part) => Buffer.byteLength(part) > 255);
  if (long) return `The folder name part "${[...long].slice(0, 40).join('')}..." is ${Buffer.byteLength(long)} bytes long; file systems allow 255.`;
  if (platform === 'win32') {
    const bad = parts
      .slice(/^[a-z]:$/i.test(parts[0] ?? '') ? 1 : 0)
      .find((p) => WINDOWS_RESERVED.test(p) || /[<>:"|?*]/.test(p) || (/[. ]$/.test(p) && p !== '.' && p !== '..'));
    if (bad !== undefined) return `"${bad}" cannot be a folder name on Windows (reserved names, <>:"|?*, or a trailing dot or space).`;
  }
  const full = resolve(cwd, dir);
  if (Buffer.byteLength(full) > MAX_DIR_BYTES)
    return `The folder path is ${Buffer.byteLength(full)} bytes long; the limit is ${MAX_DIR_BYTES}, to leave room for the files inside it.`;
  for (let current = full; ; current = dirname(current)) {
    let stats: Stats | undefined;
    try {
      stats = statSync(current, { throwIfNoEntry: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') return null; // unreadable: the writer reports it
    }
    if (stats) {
      if (stats.isDirectory()) return null;
      return current === full ? `${full} exists and is not a folder.` : `${current} is a file, so ${full} cannot be created.`;
    }
    if (dirname(current) === current) return null;
  }
}

/** Whether `dir` (or the nearest folder above it that exists) is inside a git work tree. */
export function insideGitWorkTree(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

function oneOf<T extends string>(what: string, flag: string, valid: readonly T[], raw: string): T {
  if ((valid as readonly string[]).includes(raw)) return raw as T;
  throw usageError(`Unknown ${what} "${raw}" for --${flag}.`, `Valid values: ${valid.join(', ')}.`);
}

function flagError(flag: string, message: string | null) {
  if (message) throw usageError(`Invalid --${flag}: ${message}`);
}

const dirQuestion: Question<'dir'> = {
  key: 'dir',
  flag: null,
  message: 'Project folder',
  prompt: 'input',
  required: true,
  default: (ctx) => slugify(ctx.answers.name ?? ctx.registry.stacks.find((s) => s.id === ctx.answers.stack)?.defaults.name ?? 'agents-project'),
  fromFlag(raw) {
    const dir = String(raw);
    const error = validateDir(dir);
    if (error) throw usageError(error);
    return dir;
  },
  validate(value, ctx) {
    const problem = validateDir(value, ctx.cwd);
    if (problem) return problem;
    // Checked at the prompt too, so that a folder no run may write to is refused before the other questions.
    const unsafe = unsafeTarget(resolve(ctx.cwd, value));
    return unsafe && !unsafe.overridable ? `A project cannot go there: it ${unsafe.reason}.` : null;
  },
  toArg: shellQuote,
};

const stackQuestion: Question<'stack'> = {
  key: 'stack',
  flag: { name: 'stack', short: 't', aliases: ['template'], type: 'string', value: '<id>', help: 'The stack to scaffold (see "Stacks" below).' },
  message: 'Stack',
  prompt: 'select',
  required: true,
  choices: (ctx) => ctx.registry.stacks.map((s) => ({ value: s.id, name: `${s.id.padEnd(11)} ${s.description}` })),
  default: (ctx) => ctx.registry.defaultStack,
  fromFlag: (raw, ctx) =>
    oneOf(
      'stack',
      'stack',
      ctx.registry.stacks.map((s) => s.id),
      String(raw),
    ),
  validate: (value, ctx) =>
    ctx.registry.stacks.some((s) => s.id === value)
      ? null
      : `unknown stack ${JSON.stringify(value)} (valid: ${ctx.registry.stacks.map((s) => s.id).join(', ')})`,
  toArg: shellQuote,
};

const nameQuestion: Question<'name'> = {
  key: 'name',
  flag: { name: 'name', type: 'string', value: '<display name>', help: "The project's display name (default: the stack's product name)." },
  message: 'Project display name',
  prompt: 'input',
  default: (ctx) => stackOf(ctx).defaults.name,
  fromFlag(raw) {
    const name = String(raw);
    flagError('name', validateDisplayName(name));
    return name;
  },
  validate: (value) => validateDisplayName(value),
  toArg: shellQuote,
};

const agentsQuestion: Question<'agents'> = {
  key: 'agents',
  flag: {
    name: 'agents',
    type: 'string',
    value: '<a,b,...>',
    repeatable: true,
    help: "Team members to render, comma-separated (default: the whole team; the stack's lead agent is always included).",
  },
  message: 'Agents',
  prompt: 'checkbox',
  choices: (ctx) =>
    stackOf(ctx).agents.map((a) => ({
      value: a.name,
      name: a.name,
      description: a.purpose,
      ...(a.name === stackOf(ctx).lead ? { locked: '(always included: the lead)' } : {}),
    })),
  default: (ctx) => stackOf(ctx).agents.map((a) => a.name),
  fromFlag(raw, ctx) {
    const stack = stackOf(ctx);
    const valid = stack.agents.map((a) => a.name);
    const given = String(raw)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const name of given) {
      if (!valid.includes(name)) {
        throw usageError(`Unknown agent "${name}" for --agents in stack ${stack.id}.`, `Valid agents: ${valid.join(', ')}.`);
      }
    }
    return valid.filter((n) => n === stack.lead || given.includes(n));
  },
  validate(value, ctx) {
    const valid = stackOf(ctx).agents.map((a) => a.name);
    const bad = Array.isArray(value) ? value.filter((n) => !valid.includes(n)) : ['(not a list)'];
    return bad.length ? `unknown agents ${bad.join(', ')} (valid: ${valid.join(', ')})` : null;
  },
  toArg: (value) => shellQuote(value.join(',')),
};

const modelQuestion: Question<'model'> = {
  key: 'model',
  flag: { name: 'model', type: 'string', value: `<${MODELS.join('|')}>`, help: "Set every agent's model (default: each agent's own)." },
  message: 'Model for the agents',
  prompt: 'select',
  choices: () => [{ value: '', name: "Each agent's own (recommended)" }, ...MODELS.map((m) => ({ value: m, name: m }))],
  default: () => null,
  fromFlag: (raw) => oneOf('model', 'model', MODELS, String(raw)),
  fromPrompt: (value) => (value ? (value as ModelName) : null),
  validate: (value) => (value === null || MODELS.includes(value) ? null : `unknown model ${JSON.stringify(value)} (valid: ${MODELS.join(', ')})`),
  toArg: (value) => value ?? '',
};

const supabaseQuestion: Question<'supabase'> = {
  key: 'supabase',
  flag: {
    name: 'supabase',
    type: 'boolean',
    negatable: true,
    help: 'Render the Supabase starter: config, migrations with RLS, seed, Edge Functions (default: yes).',
  },
  message: 'Add the Supabase starter (config, migrations with RLS, seed, Edge Functions)?',
  prompt: 'confirm',
  default: () => true,
  fromFlag: (raw) => raw === true,
  toArg: (value) => (value ? '--supabase' : '--no-supabase'),
};

const kitQuestion: Question<'kit'> = {
  key: 'kit',
  flag: {
    name: 'kit',
    type: 'string',
    value: `<${KIT_PARTS.map((p) => p.name).join(',')}|none>`,
    help: 'Parts of the Claude Code kit to render besides the agents, comma-separated (default: all).',
  },
  message: 'Claude Code kit',
  prompt: 'checkbox',
  allowEmpty: true,
  choices: () => KIT_PARTS.map((p) => ({ value: p.name, name: p.name, description: p.description })),
  default: () => KIT_PARTS.map((p) => p.name),
  fromFlag(raw) {
    const given = String(raw)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const valid = KIT_PARTS.map((p) => p.name);
    if (given.length === 1 && given[0] === 'none') return [];
    if (!given.length) throw usageError('--kit needs the parts to render.', `Give ${valid.join(',')} or some of them, or none.`);
    if (given.includes('none')) throw usageError(`--kit ${String(raw)} names parts and none at once.`, 'Give the parts to render, or none alone.');
    for (const name of given) {
      if (!(valid as string[]).includes(name)) throw usageError(`Unknown kit part "${name}" for --kit.`, `Valid parts: ${valid.join(', ')}, or none.`);
    }
    return valid.filter((n) => given.includes(n));
  },
  validate(value) {
    const valid: string[] = KIT_PARTS.map((p) => p.name);
    const bad = Array.isArray(value) ? value.filter((n) => !valid.includes(n)) : ['(not a list)'];
    return bad.length ? `unknown kit parts ${bad.join(', ')} (valid: ${valid.join(', ')})` : null;
  },
  toArg: (value) => (value.length ? value.join(',') : 'none'),
};

const gitQuestion: Question<'git'> = {
  key: 'git',
  flag: { name: 'git', type: 'boolean', negatable: true, help: 'Initialise a git repository (default: yes, unless the folder is already in one).' },
  message: 'Initialise a git repository?',
  prompt: 'confirm',
  ask: (ctx) => !insideGitWorkTree(resolve(ctx.cwd, ctx.answers.dir ?? '.')),
  default: (ctx) => !insideGitWorkTree(resolve(ctx.cwd, ctx.answers.dir ?? '.')),
  fromFlag: (raw) => raw === true,
  toArg: (value) => (value ? '--git' : '--no-git'),
};

/** The questions in the order they are asked; later defaults may depend on earlier answers. */
export const QUESTIONS: readonly Question[] = [
  stackQuestion,
  dirQuestion,
  nameQuestion,
  agentsQuestion,
  modelQuestion,
  supabaseQuestion,
  kitQuestion,
  gitQuestion,
] as Question[];

/** Flags of the questions, for the parser and --help. */
export const QUESTION_FLAGS: FlagSpec[] = QUESTIONS.flatMap((q) => (q.flag ? [q.flag] : []));
