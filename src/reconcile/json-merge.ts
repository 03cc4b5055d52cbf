/**
 * JSON files that people add their own rules to (Claude Code's `.claude/settings.json`): rather than a
 * conflict, the render's keys and rules are merged into the file you have, and every key and rule of
 * yours is kept. With the base (what was generated before), the merge is three-way: a rule or key of
 * ours that you removed stays removed, and one the templates no longer have goes, unless you changed it.
 */
import { UserError } from '../errors.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const JSON_FILES = new Set(['.claude/settings.json']);

/** The lists of Claude Code permission rules: one rule belongs in one of them. */
const RULE_LISTS = ['allow', 'ask', 'deny'] as const;

export const mergesJson = (path: string) => JSON_FILES.has(path);

export interface JsonMerge {
  /** The file with the render merged in, in your indentation and line endings. */
  content: string;
  /** Rules of ours left out because your file lists the same rule elsewhere (`deny` in ours, `allow` in yours). */
  yoursWins: string[];
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (v: Json) => JSON.stringify(v);
const same = (a: Json | undefined, b: Json | undefined) => a !== undefined && b !== undefined && key(a) === key(b);

/** Reads your file; text that is not a JSON object is bad input: the run stops and the file stays as it is. */
function parseYours(path: string, text: string): JsonObject {
  let data: Json;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}), so create-agents cannot merge its permission rules into it.`, {
      exitCode: 2,
      hint: `Fix ${path} (Claude Code ignores a settings file it cannot parse) or move it aside, then run again. Nothing was written.`,
    });
  }
  if (!isObject(data)) {
    throw new UserError(`${path} is not a JSON object, so create-agents cannot merge its permission rules into it.`, {
      exitCode: 2,
      hint: `Claude Code expects an object such as { "permissions": { "deny": [...] } }. Fix ${path} or move it aside, then run again. Nothing was written.`,
    });
  }
  return data;
}

/** A gitignore-style exception such as `Read(!.env.example)`: it undoes only the rules before it. */
const NEGATION = /^[A-Za-z]+\(!/;

/**
 * A list: yours in your order, without the items the templates dropped since the base, then our new
 * items; a new item that comes before one of our exceptions in the render goes before it here too.
 */
function mergeList(yours: Json[], base: Json | undefined, ours: Json[], elsewhere: ReadonlySet<string>, yoursWins: string[]): Json[] {
  const before = new Set((Array.isArray(base) ? base : []).map(key));
  const now = new Set(ours.map(key));
  const out: Json[] = yours.filter((item, i) => !(before.has(key(item)) && !now.has(key(item))) && yours.findIndex((y) => key(y) === key(item)) === i);
  const has = (k: string) => out.some((item) => key(item) === k);
  ours.forEach((item, i) => {
    const k = key(item);
    if (has(k) || before.has(k)) return; // yours already, or you removed it
    if (elsewhere.has(k)) {
      yoursWins.push(String(item));
      return;
    }
    const exception = ours.slice(i + 1).find((later) => typeof later === 'string' && NEGATION.test(later) && has(key(later)));
    if (exception === undefined) out.push(item);
    else
      out.splice(
        out.findIndex((o) => key(o) === key(exception)),
        0,
        item,
      );
  });
  return out;
}

function mergeValue(yours: Json, base: Json | undefined, ours: Json, at: string[], yoursWins: string[], elsewhere: ReadonlySet<string>): Json {
  if (isObject(yours) && isObject(ours)) return mergeObject(yours, isObject(base) ? base : undefined, ours, at, yoursWins);
  if (Array.isArray(yours) && Array.isArray(ours)) return mergeList(yours, base, ours, elsewhere, yoursWins);
  // A value you never changed follows the templates; one you changed is yours.
  return same(yours, base) ? ours : yours;
}

/** In `permissions`, the rules of yours in the other lists than `list`: a rule you placed is yours to place. */
function rulesElsewhere(yours: JsonObject, at: string[], list: string): Set<string> {
  const rules = new Set<string>();
  if (at.length !== 1 || at[0] !== 'permissions' || !(RULE_LISTS as readonly string[]).includes(list)) return rules;
  for (const other of RULE_LISTS) {
    const value = yours[other];
    if (other !== list && Array.isArray(value)) for (const rule of value) rules.add(key(rule));
  }
  return rules;
}

function mergeObject(yours: JsonObject, base: JsonObject | undefined, ours: JsonObject, at: string[], yoursWins: string[]): JsonObject {
  // No prototype: a key named __proto__ in your file is a key like any other.
  const out: JsonObject = Object.create(null);
  for (const [k, value] of Object.entries(yours)) {
    if (Object.hasOwn(ours, k)) out[k] = mergeValue(value, base?.[k], ours[k]!, [...at, k], yoursWins, rulesElsewhere(yours, at, k));
    else if (!(base && Object.hasOwn(base, k) && same(value, base[k]))) out[k] = value; // the templates dropped it: it goes, unless you changed it
  }
  for (const [k, value] of Object.entries(ours)) {
    if (Object.hasOwn(yours, k) || (base && Object.hasOwn(base, k))) continue; // yours, or you removed it
    if (Array.isArray(value)) {
      const elsewhere = rulesElsewhere(yours, at, k);
      out[k] = mergeList([], undefined, value, elsewhere, yoursWins);
    } else out[k] = value;
  }
  return out;
}

/**
 * Merges the render into your file: `base` is what was generated before, when known (update), else
 * the merge is a union. The result keeps your indentation and line endings.
 */
export function mergeJson(path: string, current: string, rendered: string, base?: string): JsonMerge {
  const yours = parseYours(path, current);
  const ours = JSON.parse(rendered) as JsonObject;
  let baseData: JsonObject | undefined;
  try {
    baseData = base === undefined ? undefined : (JSON.parse(base) as JsonObject);
  } catch {
    baseData = undefined;
  }
  const yoursWins: string[] = [];
  const merged = mergeObject(yours, baseData, ours, [], yoursWins);
  // Nothing to add: your file stays as you wrote it, spacing and all.
  if (key(merged) === key(yours)) return { content: current, yoursWins };
  const indent = /^([ \t]+)"/m.exec(current)?.[1] ?? '  ';
  const text = `${JSON.stringify(merged, null, indent)}\n`;
  return { content: current.includes('\r\n') ? text.replaceAll('\n', '\r\n') : text, yoursWins };
}
