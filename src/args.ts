import { usageError } from './errors.js';
import { wrap, wrapLine } from './words.js';

/** One command-line option. Questions and commands describe their options with this. */
export interface FlagSpec {
  name: string;
  type: 'string' | 'boolean';
  help: string;
  /** Placeholder shown in --help, e.g. `<id>`. */
  value?: string;
  short?: string;
  /** Other names it answers to (`--template` for `--stack`, as create-vite names it). */
  aliases?: string[];
  /** A boolean that also accepts `--no-<name>`. */
  negatable?: boolean;
  /** Where the option may be given more than once, its values are joined with commas. */
  repeatable?: boolean;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean>;
  positionals: string[];
}

/** Parses argv strictly: unknown options, missing values and stray values are usage errors (exit 2). */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.flatMap((s) => [s.name, ...(s.aliases ?? [])].map((name) => [name, s] as const)));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const set = (spec: FlagSpec, value: string | boolean) => {
    if (spec.name in flags && !spec.repeatable && flags[spec.name] !== value) {
      throw usageError(`--${spec.name} was given twice with different values.`, 'Give it once.');
    }
    flags[spec.name] = spec.repeatable && typeof flags[spec.name] === 'string' ? `${flags[spec.name]},${value}` : value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      const spec = byName.get(name);
      if (!spec && name.startsWith('no-')) {
        const positive = byName.get(name.slice(3));
        if (positive?.negatable && inline === undefined) {
          set(positive, false);
          continue;
        }
      }
      if (!spec) throw unknownOption(`--${name}`, specs);
      if (spec.type === 'boolean') {
        if (inline !== undefined) throw usageError(`--${name} takes no value (got "${inline}").`, negHint(spec));
        set(spec, true);
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && isOption(value, specs))) {
        throw usageError(`--${name} needs a value: --${name} ${spec.value ?? '<value>'}.`);
      }
      set(spec, value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const spec = byShort.get(arg.slice(1));
      if (!spec) throw unknownOption(arg, specs);
      if (spec.type === 'boolean') set(spec, true);
      else {
        const value = argv[++i];
        if (value === undefined) throw usageError(`${arg} needs a value.`);
        set(spec, value);
      }
      continue;
    }
    positionals.push(arg);
  }
  return { flags, positionals };
}

/** Whether a word is one of the options (so it cannot be the value of the option before it). */
function isOption(word: string, specs: readonly FlagSpec[]): boolean {
  if (word === '--') return true;
  const name = word.replace(/^--?/, '').replace(/=.*/, '');
  if (!word.startsWith('-')) return false;
  return specs.some((s) => s.name === name || s.aliases?.includes(name) || s.short === name || (s.negatable && `no-${s.name}` === name));
}

function negHint(spec: FlagSpec): string | undefined {
  return spec.negatable ? `Use --${spec.name} or --no-${spec.name}.` : undefined;
}

function unknownOption(given: string, specs: readonly FlagSpec[]) {
  const names = specs.flatMap((s) => [`--${s.name}`, ...(s.aliases ?? []).map((a) => `--${a}`), ...(s.negatable ? [`--no-${s.name}`] : [])]);
  // A longer name it begins (--templates for --templates-dir) before a name a typo away (--template).
  const close = names.find((n) => n.startsWith(`${given}-`)) ?? names.find((n) => distance(n, given) <= 2);
  return usageError(`Unknown option ${given}.${close ? ` Did you mean ${close}?` : ''}`, `Valid options: ${names.join(', ')}. See --help.`);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The width of --help: a terminal's default, and what fits a code block or an issue. */
export const HELP_WIDTH = 80;
/** Where descriptions start at most; an option wider than that has its description on the next line. */
const MAX_COLUMN = 34;

/** Formats options as aligned `--help` lines, the descriptions wrapped under their column. */
export function helpLines(specs: readonly FlagSpec[]): string[] {
  const left = specs.map((s) => {
    const short = s.short ? `-${s.short}, ` : '    ';
    const names = [s.name, ...(s.aliases ?? []), ...(s.negatable ? [`no-${s.name}`] : [])].map((n) => `--${n}`).join(', ');
    return `  ${short}${names}${s.value ? ` ${s.value}` : ''}`;
  });
  const column = Math.min(Math.max(...left.map((l) => l.length)) + 2, MAX_COLUMN);
  return specs.flatMap((s, i) => {
    const option = left[i]!;
    const fits = option.length + 2 <= column;
    const text = wrap(' '.repeat(column) + s.help, HELP_WIDTH, column);
    return fits ? [option.padEnd(column) + text[0]!.slice(column), ...text.slice(1)] : [option, ...text];
  });
}

const BULLET = /^\s*- /;

/**
 * A --help text at most 80 columns wide. Hand-written lines that run on are joined (a paragraph; a
 * bullet and its indented continuation) and wrapped at word boundaries: a paragraph flush left, a
 * bullet under its text, a two-column line under its second column. Lines that fit stay as they are.
 */
export function helpText(lines: readonly string[]): string {
  const groups: string[] = [];
  for (const line of lines) {
    const previous = groups.at(-1);
    const prose = previous !== undefined && previous !== '' && line !== '' && !previous.endsWith(':');
    if (prose && !/^\s/.test(previous) && !/^\s/.test(line)) groups[groups.length - 1] = `${previous} ${line}`;
    else if (prose && BULLET.test(previous) && /^\s{4}\S/.test(line) && !BULLET.test(line)) groups[groups.length - 1] = `${previous} ${line.trim()}`;
    else groups.push(line);
  }
  return groups.flatMap((group) => wrapLine(group, HELP_WIDTH)).join('\n');
}
