import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { CLAUDE_CODE } from '../check/claude-code.js';
import { emitFrontMatter } from '../front-matter/emit.js';
import { FrontMatterError, readFrontMatter } from '../front-matter/read.js';

export type Repair =
  | { kind: 'none' }
  | { kind: 'repaired'; text: string; changes: string[]; data?: Record<string, unknown> }
  | { kind: 'impossible'; reason: string };

const FIELD = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
const LIST_ITEM = /^[ \t]+-[ \t]+(.*)$/;
/** Free-text fields whose value an author may continue on the next lines with a real line break. */
const TEXT_FIELDS = new Set(['description']);
const FIELDS: ReadonlySet<string> = new Set(CLAUDE_CODE.fields);

/**
 * Reads front matter the way its author meant it: one `key: value` per line, split at the first `: `,
 * the rest of the line as the value, `\n` as a line break. A value that is valid YAML on its own and
 * is quoted, a number, a boolean or a list keeps its YAML meaning. A line after a description that is
 * not a field Claude Code reads (`user: "..."` in an example, plain text) continues the description; a
 * key with no value followed by `- item` lines is a list. Anything else is left with a reason: nested
 * YAML cannot be guessed.
 */
export function readLeniently(yaml: string): { data: Record<string, unknown> } | { reason: string } {
  const data: Record<string, unknown> = {};
  const lines = yaml.split(/\r?\n/);
  /** The key whose value the next lines may continue, while that value is text as written. */
  let open: string | null = null;
  let list: string | null = null;
  for (const [index, line] of lines.entries()) {
    const where = `front-matter line ${index + 1}`;
    const field = FIELD.exec(line);
    const indentedField = FIELD.exec(line.trimStart());
    if (open !== null && line !== line.trimStart() && indentedField && FIELDS.has(indentedField[1]!)) {
      return { reason: `${where} could be the field "${indentedField[1]}" or more of the ${open}; write it as you mean it` };
    }
    const continues = open !== null && (!field || !FIELDS.has(field[1]!));
    if (continues) {
      data[open!] = `${data[open!] as string}\n${line.replaceAll('\\n', '\n')}`;
      continue;
    }
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (open !== null) data[open] = (data[open] as string).replace(/\n+$/, '');
    open = null;
    const item = LIST_ITEM.exec(line);
    if (item && list) {
      (data[list] as unknown[]).push(literalValue(item[1]!.trimEnd()));
      continue;
    }
    list = null;
    if (!field) return { reason: `${where} is not "key: value" (${JSON.stringify(line.slice(0, 60))})` };
    const [, key, rawValue = ''] = field;
    if (key! in data) return { reason: `"${key}" appears twice; keep the one you mean` };
    const raw = rawValue.trimEnd();
    if (raw === '') {
      if (!LIST_ITEM.test(lines[index + 1] ?? '')) return { reason: `"${key}" has no value on its line (nested YAML is not repaired automatically)` };
      data[key!] = [];
      list = key!;
      continue;
    }
    data[key!] = literalValue(raw);
    open = TEXT_FIELDS.has(key!) && typeof data[key!] === 'string' && !/^["']/.test(raw) ? key! : null;
  }
  // Blank lines at the end of a continued description are the front matter's layout, not its text.
  if (open !== null) data[open] = (data[open] as string).replace(/\n+$/, '');
  return { data };
}

function literalValue(raw: string): unknown {
  try {
    const parsed: unknown = parseYaml(`v: ${raw}`, { strict: true, uniqueKeys: true });
    const value = (parsed as { v: unknown }).v;
    if (typeof value !== 'string' || /^["']/.test(raw)) return value;
  } catch {
    // Not YAML on its own: take the text as written.
  }
  return raw.replaceAll('\\n', '\n');
}

/**
 * Repairs an agent file without changing what it means: drops a byte-order mark, and rewrites front
 * matter that is not valid YAML from its lenient reading. The body is kept byte for byte.
 */
export function repairAgentText(original: string): Repair {
  const changes: string[] = [];
  let text = original;
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    changes.push('removed the byte-order mark');
  }
  const unchanged: Repair = changes.length ? { kind: 'repaired', text, changes } : { kind: 'none' };
  let split: { yaml: string; bodyOffset: number };
  try {
    readFrontMatter(text);
    return unchanged;
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    if (error.problem === 'missing' || error.problem === 'mapping') return unchanged;
    if (error.problem === 'unclosed') return { kind: 'impossible', reason: 'the front matter has no closing "---" line; add it where the fields end' };
    if (!error.split) throw error;
    split = error.split;
  }

  // The one reading apart from src/front-matter/read.ts: it must take what strict YAML refuses.
  const lenient = readLeniently(split.yaml);
  if ('reason' in lenient) return { kind: 'impossible', reason: lenient.reason };
  const eol = text.slice(0, split.bodyOffset).includes('\r\n') ? '\r\n' : '\n';
  const frontMatter = emitFrontMatter(lenient.data);
  const back = parseYaml(frontMatter.slice(4, -4), { strict: true, uniqueKeys: true });
  if (!isDeepStrictEqual(back, lenient.data)) return { kind: 'impossible', reason: 'the repaired front matter would not read back the same' };
  changes.push('rewrote the front matter as valid YAML');
  return { kind: 'repaired', text: frontMatter.replaceAll('\n', eol) + text.slice(split.bodyOffset), changes, data: lenient.data };
}
