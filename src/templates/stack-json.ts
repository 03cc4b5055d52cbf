// stack.json's sections read into checked data, with defaults filled in: each reader refuses a value
// of the wrong shape or a setting it does not know, naming the file and the key.
import { UserError } from '../errors.js';
import { safeForTerminal } from '../terminal-text.js';
import type { AppMeta, Command, Handoff, Note, SupabaseConfig } from './types.js';
import { FUNCTION_AUTH, type FunctionAuth } from './types.js';

/** What the Supabase CLI accepts as a function name (also a bare TOML key). */
export const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const PROVIDER_NAME = /^[a-z][a-z0-9_]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function fail(path: string, message: string, exitCode = 1): never {
  throw new UserError(`Template error in ${safeForTerminal(path)}: ${message}`, {
    exitCode,
    hint: 'See templates/README.md for the layout and format of a templates folder.',
  });
}

/** A note in stack.json: a string or a list of strings, one comment line each. */
export function readNote(jsonPath: string, key: string, value: unknown): Note {
  const lines = typeof value === 'string' ? [value] : value === undefined ? [] : value;
  if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string' && !/[\r\n]/.test(l))) {
    fail(jsonPath, `"${key}" must be a one-line string or a list of one-line strings.`);
  }
  return lines as string[];
}

/** A misspelt setting would be ignored without a word: refuse it. */
export function onlyKeys(jsonPath: string, where: string, object: object, known: string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) fail(jsonPath, `"${where}.${key}" is not a setting; use ${known.join(', ')}.`);
  }
}

/**
 * stack.json "supabase": the settings of supabase/config.toml that differ between stacks, checked and
 * with defaults filled in. `folders` are the stack's function folders, in name order.
 */
export function readSupabaseConfig(jsonPath: string, raw: unknown, folders: string[]): SupabaseConfig {
  const config = raw ?? {};
  if (!isObject(config)) fail(jsonPath, '"supabase" must be an object.');
  onlyKeys(jsonPath, 'supabase', config, ['siteUrl', 'redirectUrls', 'redirectUrlsNote', 'realtimeNote', 'authProviders', 'secrets', 'functions']);
  const siteUrl = config.siteUrl ?? 'http://127.0.0.1:3000';
  if (typeof siteUrl !== 'string') fail(jsonPath, '"supabase.siteUrl" must be a string.');
  const redirectUrls = config.redirectUrls ?? ['https://127.0.0.1:3000'];
  if (!Array.isArray(redirectUrls) || !redirectUrls.every((u) => typeof u === 'string')) {
    fail(jsonPath, '"supabase.redirectUrls" must be a list of strings.');
  }

  const providers = config.authProviders ?? [];
  if (!Array.isArray(providers)) fail(jsonPath, '"supabase.authProviders" must be a list.');
  const authProviders = providers.map((p: unknown, i) => {
    const where = `supabase.authProviders[${i}]`;
    if (!isObject(p)) fail(jsonPath, `"${where}" must be an object.`);
    onlyKeys(jsonPath, where, p, ['name', 'note', 'clientId', 'secret', 'envNote']);
    if (typeof p.name !== 'string' || !PROVIDER_NAME.test(p.name)) fail(jsonPath, `"${where}.name" must match ${PROVIDER_NAME}.`);
    // The config already has an [auth.external.apple] block (switched off): a second one would not load.
    if (p.name === 'apple') fail(jsonPath, `"${where}": apple already has a block in config.toml; edit it there.`);
    if (providers.filter((q: { name?: unknown }) => q?.name === p.name).length > 1) fail(jsonPath, `provider "${p.name}" is listed twice.`);
    const prefix = `SUPABASE_AUTH_EXTERNAL_${p.name.toUpperCase()}`;
    const clientId = p.clientId ?? `env(${prefix}_CLIENT_ID)`;
    const secret = p.secret ?? `env(${prefix}_SECRET)`;
    if (typeof clientId !== 'string' || typeof secret !== 'string') fail(jsonPath, `"${where}.clientId" and ".secret" must be strings.`);
    const env = [clientId, secret].map((v) => /^env\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(v)?.[1]).filter((v): v is string => Boolean(v));
    return {
      name: p.name,
      note: readNote(jsonPath, `${where}.note`, p.note),
      clientId,
      secret,
      env,
      envNote: readNote(jsonPath, `${where}.envNote`, p.envNote),
    };
  });

  const secrets = readVariables(jsonPath, 'supabase.secrets', config.secrets);

  const settings = config.functions ?? {};
  if (!isObject(settings)) fail(jsonPath, '"supabase.functions" must map function names to settings.');
  const listed = Object.keys(settings);
  for (const name of listed) {
    if (!folders.includes(name)) {
      fail(
        jsonPath,
        `"supabase.functions" names "${name}", but there is no function folder supabase/functions/${name}/ with an index.ts (in the stack or in shared/).`,
      );
    }
  }
  const functions = [...listed, ...folders.filter((name) => !listed.includes(name))].map((name) => {
    const s = settings[name] ?? {};
    if (!isObject(s)) fail(jsonPath, `"supabase.functions.${name}" must be an object.`);
    onlyKeys(jsonPath, `supabase.functions.${name}`, s, ['auth', 'note']);
    const auth = s.auth ?? 'user';
    if (!FUNCTION_AUTH.includes(auth as FunctionAuth)) {
      fail(jsonPath, `"supabase.functions.${name}.auth" must be one of ${FUNCTION_AUTH.map((a) => `"${a}"`).join(', ')}.`);
    }
    return { name, auth: auth as FunctionAuth, note: readNote(jsonPath, `supabase.functions.${name}.note`, s.note) };
  });

  return {
    siteUrl,
    redirectUrls: redirectUrls as string[],
    redirectUrlsNote: readNote(jsonPath, 'supabase.redirectUrlsNote', config.redirectUrlsNote),
    realtimeNote: readNote(jsonPath, 'supabase.realtimeNote', config.realtimeNote),
    authProviders,
    secrets,
    functions,
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

export function readString(jsonPath: string, where: string, value: unknown): string {
  if (typeof value !== 'string' || !value.trim() || /[\r\n]/.test(value)) fail(jsonPath, `"${where}" must be a one-line string.`);
  return value;
}

/** One or more one-line strings, at least one: a string or a list of strings. */
function readLines(jsonPath: string, where: string, value: unknown): string[] {
  const lines = readNote(jsonPath, where, value);
  if (lines.length === 0 || lines.some((l) => !l.trim())) fail(jsonPath, `"${where}" must be a one-line string or a list of them.`);
  return lines;
}

/**
 * A list of variables (stack.json `env`, `app.env`, `supabase.secrets`): `{ "name": "...", "note": ... }`
 * each. `more` reads the other keys an entry of the list may have.
 */
export function readVariables<T extends object = Record<never, never>>(
  jsonPath: string,
  where: string,
  value: unknown,
  more: { keys: string[]; read: (entry: Record<string, unknown>, at: string) => T } = { keys: [], read: () => ({}) as T },
): Array<{ name: string } & T & { note: Note }> {
  const list = value ?? [];
  if (!Array.isArray(list)) fail(jsonPath, `"${where}" must be a list.`);
  return list.map((v: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(v)) fail(jsonPath, `"${at}" must be an object.`);
    onlyKeys(jsonPath, at, v, ['name', ...more.keys, 'note']);
    if (typeof v.name !== 'string' || !ENV_NAME.test(v.name)) fail(jsonPath, `"${at}.name" must be a variable name (${ENV_NAME}).`);
    return { name: v.name, ...more.read(v, at), note: readNote(jsonPath, `${at}.note`, v.note) };
  });
}

/** A list of commands: `{ "run": "...", "what": "..." }` each. */
export function readCommands(jsonPath: string, where: string, value: unknown): Command[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(jsonPath, `"${where}" must be a list.`);
  return value.map((c, i) => {
    if (!isObject(c)) fail(jsonPath, `"${where}[${i}]" must be an object.`);
    onlyKeys(jsonPath, `${where}[${i}]`, c, ['run', 'what']);
    return { run: readString(jsonPath, `${where}[${i}].run`, c.run), what: readString(jsonPath, `${where}[${i}].what`, c.what) };
  });
}

/** stack.json "app": the app the agents work on, which the stack does not generate. */
export function readApp(jsonPath: string, raw: unknown): AppMeta | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) fail(jsonPath, '"app" must be an object.');
  onlyKeys(jsonPath, 'app', raw, ['framework', 'create', 'note', 'env', 'commands']);
  return {
    framework: readString(jsonPath, 'app.framework', raw.framework),
    create: readLines(jsonPath, 'app.create', raw.create),
    note: readNote(jsonPath, 'app.note', raw.note),
    env: readVariables(jsonPath, 'app.env', raw.env),
    commands: readCommands(jsonPath, 'app.commands', raw.commands),
  };
}

/** An agent's "handoffs": each names another agent of the stack. */
export function readHandoffs(jsonPath: string, agent: string, raw: unknown, team: string[]): Handoff[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) fail(jsonPath, `"handoffs" of ${agent} must be a list.`);
  return raw.map((h, i) => {
    const where = `${agent}.handoffs[${i}]`;
    if (!isObject(h)) fail(jsonPath, `"${where}" must be an object.`);
    onlyKeys(jsonPath, where, h, ['to', 'give']);
    if (typeof h.to !== 'string' || !team.includes(h.to) || h.to === agent) fail(jsonPath, `"${where}.to" must name another agent of the stack.`);
    return { to: h.to, give: readString(jsonPath, `${where}.give`, h.give) };
  });
}
