/**
 * What the built-in templates call at run time. The build (src/templates/codegen.ts) turns each
 * Handlebars template into a plain function over these few operations, with Handlebars' meaning for
 * each; test/codegen.test.ts checks every template against Handlebars itself.
 */
import { jsonValue, sqlLiteral, teamHas, tomlString } from './helpers.js';

/** A template's view of a value: `{{#if}}` is false for false, 0, '', null, undefined and []. */
export function truthy(value: unknown): boolean {
  return Boolean(value) && !(Array.isArray(value) && value.length === 0);
}

/** `{{a.b}}` in strict mode: a missing name is an error, as Handlebars' `strict` option makes it. */
export function strict(parent: unknown, name: string): unknown {
  if (!parent || (typeof parent !== 'object' && typeof parent !== 'function') || !(name in parent)) {
    throw new Error(`"${name}" not defined in ${String(parent)}`);
  }
  return lookup(parent, name);
}

/** A helper's argument: a name that is not there is undefined. Only own properties are seen. */
export function lookup(parent: unknown, name: string): unknown {
  if (parent == null || !Object.prototype.hasOwnProperty.call(parent, name)) return undefined;
  return (parent as Record<string, unknown>)[name];
}

/** A value written into the output (HTML escaping is off). */
export function text(value: unknown): string {
  return value == null ? '' : String(value);
}

/** `{{#each list}}`: the block once per item (arrays and objects), `{{else}}` when there is none. */
export function each(
  list: unknown,
  block: (item: unknown, data: { index: number; key: string | number; first: boolean; last: boolean }) => string,
  inverse: () => string,
): string {
  let out = '';
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) out += block(list[i], { index: i, key: i, first: i === 0, last: i === list.length - 1 });
    return list.length ? out : inverse();
  }
  if (list && typeof list === 'object') {
    const keys = Object.keys(list);
    keys.forEach((key, i) => (out += block((list as Record<string, unknown>)[key], { index: i, key, first: i === 0, last: i === keys.length - 1 })));
    return keys.length ? out : inverse();
  }
  return inverse();
}

/** `{{#has "a" "b"}}` and `{{#hasAny "a" "b"}}`: whether the rendered team holds all (or any) of them. */
export function has(root: unknown, names: readonly string[], any: boolean): boolean {
  return teamHas((lookup(root, 'agents') ?? {}) as Record<string, unknown>, names, any);
}

/** `{{> name}}`: the partial with the same context; a standalone one indents every line it writes. */
export function partial(
  partials: Record<string, (context: unknown, root: unknown) => string>,
  name: string,
  context: unknown,
  root: unknown,
  indent: string,
): string {
  const fn = partials[name];
  if (!fn) throw new Error(`The partial ${name} could not be found`);
  const out = fn(context, root);
  if (!indent) return out;
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i] && i + 1 === lines.length) break;
    lines[i] = indent + lines[i];
  }
  return lines.join('\n');
}

export const helpers = {
  sql: sqlLiteral,
  toml: tomlString,
  json: jsonValue,
};

export const runtime = { truthy, strict, lookup, text, each, has, partial, helpers };
