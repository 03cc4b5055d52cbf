import type { HelperDelegate, HelperOptions } from 'handlebars';

/** The part of a Handlebars environment the helpers need (full build or runtime). */
export interface HelperHost {
  registerHelper(name: string, fn: HelperDelegate): void;
  SafeString: new (text: string) => unknown;
}

interface TeamContext {
  agents?: Record<string, boolean>;
  kit?: { mcp?: boolean };
  mcp?: { servers?: Array<{ name: string; tools: string[] }> };
}

/** A PostgreSQL string literal: quotes doubled, NUL refused (PostgreSQL text cannot hold it). */
export function sqlLiteral(value: unknown): string {
  const text = String(value ?? '');
  if (text.includes('\0')) throw new Error('A value with a NUL character cannot be written to SQL.');
  if (/\p{Cs}/u.test(text)) throw new Error('A value with half of a surrogate pair cannot be written to SQL.');
  return `'${text.replaceAll("'", "''")}'`;
}

/** A TOML basic string: JSON escaping plus U+007F, which TOML requires escaped; half surrogate pairs refused. */
export function tomlString(value: unknown): string {
  const text = String(value ?? '');
  if (/\p{Cs}/u.test(text)) throw new Error('A value with half of a surrogate pair cannot be written to TOML.');
  return JSON.stringify(text).replaceAll('\u007f', '\\u007f');
}

/**
 * A JSON value, also valid as a TypeScript or YAML string; undefined is written as null. With `indent`,
 * written over several lines as JSON.stringify indents them (a whole JSON file).
 */
export function jsonValue(value: unknown, indent?: number): string {
  return JSON.stringify(value ?? null, null, indent);
}

/** Whether the team holds every one of `names` (or, with `any`, at least one). */
export function teamHas(agents: Record<string, unknown>, names: readonly string[], any: boolean): boolean {
  return any ? names.some((n) => agents[n]) : names.every((n) => agents[n]);
}

function names(args: unknown[]): { list: string[]; options: HelperOptions } {
  const options = args.pop() as HelperOptions;
  return { list: args.map(String), options };
}

function agentsOf(context: unknown, options: HelperOptions): Record<string, boolean> {
  const root = (options.data?.root ?? context) as TeamContext;
  return root.agents ?? {};
}

/**
 * `, mcp__<server>__<tool>` for each tool, for an agent's `tools` line: only when the kit's mcp part
 * (and so .mcp.json with that server) is rendered, nothing otherwise. A server or tool the render does
 * not define is an error.
 */
export function mcpToolNames(root: TeamContext, server: string, tools: readonly string[]): string {
  if (!root.kit?.mcp) return '';
  const known = root.mcp?.servers?.find((s) => s.name === server);
  if (!known) throw new Error(`mcpTools names the server "${server}", which this project's .mcp.json does not have.`);
  const unknown = tools.filter((t) => !known.tools.includes(t));
  if (unknown.length) throw new Error(`mcpTools "${server}" names ${unknown.join(', ')}, not among the server's tools.`);
  return tools.map((t) => `, mcp__${server}__${t}`).join('');
}

/** Registers the helpers templates may use (templates/README.md lists them). */
export function registerHelpers(hb: HelperHost): void {
  hb.registerHelper('has', function (this: unknown, ...args: unknown[]) {
    const { list, options } = names(args);
    return teamHas(agentsOf(this, options), list, false) ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper('hasAny', function (this: unknown, ...args: unknown[]) {
    const { list, options } = names(args);
    return teamHas(agentsOf(this, options), list, true) ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper('mcpTools', function (this: unknown, server: unknown, ...args: unknown[]) {
    const { list, options } = names(args);
    return new hb.SafeString(mcpToolNames((options.data?.root ?? this) as TeamContext, String(server), list));
  });
  hb.registerHelper('sql', (value: unknown) => new hb.SafeString(sqlLiteral(value)));
  hb.registerHelper('toml', (value: unknown) => new hb.SafeString(tomlString(value)));
  hb.registerHelper('json', (value: unknown, ...rest: unknown[]) => {
    const indent = rest.length > 1 && typeof rest[0] === 'number' ? rest[0] : undefined;
    return new hb.SafeString(jsonValue(value, indent));
  });
}

/** Options every template is compiled with: Markdown is not HTML, and a typo in a name is an error. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
