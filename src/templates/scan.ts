import { existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { FrontMatterError, readFrontMatter } from '../front-matter/read.js';
import { AGENT_NAME } from '../names.js';
import { safeForTerminal } from '../terminal-text.js';
import { LOCK_FILE, RECORD_FILE } from '../write/own-files.js';
import { TemplatesFolder } from './contained.js';
import { KIT_PARTS } from './kit.js';
import { mcpToolsOf, readMcpServers } from './mcp-servers.js';
import { skillsOf } from './scan-skills.js';
import { FUNCTION_NAME, fail, isObject, onlyKeys, readApp, readCommands, readHandoffs, readString, readSupabaseConfig, readVariables } from './stack-json.js';
import { starterFacts } from './starter-facts.js';
import type { AgentMeta, FilePart, McpServer, RegistryMeta, StackMeta } from './types.js';

/** A templates folder read into plain data: sources not yet compiled. */
export interface ScannedStack {
  meta: StackMeta;
  agents: Array<{ name: string; frontMatter: Array<[string, unknown]>; body: string }>;
  /** `origin`: the template's path in the templates folder, for messages. */
  files: Array<{ path: string; part: FilePart; source: string; template: boolean; origin: string }>;
}

export interface ScannedTemplates {
  registry: RegistryMeta;
  stacks: ScannedStack[];
  partials: Array<{ name: string; source: string }>;
}

/** npm drops these when publishing, so templates store them under another name. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', '_env.example': '.env.example', '_mcp.json': '.mcp.json' };

const STACK_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * A value from a JSON file, for a message: short, escaped for the terminal, and never a crash (a list
 * nested thousands deep overflows JSON.stringify's stack).
 */
function shown(value: unknown): string {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  const text = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return safeForTerminal(text);
}

function readJson(folder: TemplatesFolder, path: string): unknown {
  if (!folder.has(path)) fail(path, 'the file is missing.');
  const text = folder.read(path);
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(path, `not valid JSON (${(error as Error).message}).`);
  }
}

/** Reads an agent template: its front matter as data (strict YAML), and the body. */
export function splitTemplate(path: string, text: string): { data: Record<string, unknown>; body: string } {
  try {
    const { data, body } = readFrontMatter(text);
    return { data, body };
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    if (error.problem === 'missing' || error.problem === 'unclosed') fail(path, 'an agent template starts with YAML front matter between two "---" lines.');
    fail(path, error.problem === 'mapping' ? 'front matter must be a mapping.' : `front matter is not valid YAML (${error.message}).`);
  }
}

/**
 * The files of one folder of a template folder, with their project paths (`prefix` + the path in the
 * folder, `.hbs` removed, dotfile names restored).
 */
function scanFiles(folder: TemplatesFolder, base: string, part: FilePart, prefix = ''): ScannedStack['files'] {
  return folder.walk(base).map((full) => {
    const segments = relative(base, full).split(sep);
    const last = segments.pop()!;
    const template = last.endsWith('.hbs');
    const name = template ? last.slice(0, -4) : last;
    segments.push(RENAMES[name] ?? name);
    const path = prefix + segments.join('/');
    assertOwnable(full, path);
    return { path, part, source: folder.read(full), template, origin: full };
  });
}

/**
 * A project path a template may not have: inside `.git/` (hooks there run code on the next git
 * command), or one of create-agents' own files, which a render must never overwrite.
 */
function assertOwnable(full: string, path: string): void {
  const parts = path.split('/');
  if (parts.some((p) => p.toLowerCase() === '.git'))
    fail(full, `it would be written to ${safeForTerminal(path)}, inside .git/, which templates may not touch.`, 2);
  if (path === RECORD_FILE || path === LOCK_FILE || parts.at(-1)!.endsWith('.create-agents'))
    fail(full, `it would be written to ${safeForTerminal(path)}, a file create-agents keeps for itself.`, 2);
}

function scanStack(folder: TemplatesFolder, id: string, servers: readonly McpServer[]): ScannedStack {
  const { root } = folder;
  const dir = join(root, 'stacks', id);
  const jsonPath = join(dir, 'stack.json');
  const raw = readJson(folder, jsonPath) as Partial<Omit<StackMeta, 'supabase' | 'app' | 'commands' | 'renames' | 'contract' | 'env'>> & {
    agents?: Array<AgentMeta & { handoffs?: unknown }>;
    supabase?: unknown;
    app?: unknown;
    commands?: unknown;
    renames?: unknown;
    contract?: unknown;
    env?: unknown;
  };
  if (typeof raw.description !== 'string') fail(jsonPath, '"description" must be a string.');
  if (typeof raw.defaults?.name !== 'string') fail(jsonPath, '"defaults.name" must be a string.');
  if (!Array.isArray(raw.agents) || raw.agents.length === 0) fail(jsonPath, '"agents" must list the team.');
  if (!raw.agents.some((a) => a.name === raw.lead)) fail(jsonPath, '"lead" must be one of "agents".');

  const names = new Set<string>();
  const teamNames = raw.agents.map((a) => a.name);
  const agents: ScannedStack['agents'] = [];
  const metas: AgentMeta[] = [];
  for (const agent of raw.agents) {
    if (typeof agent?.name !== 'string' || !AGENT_NAME.test(agent.name)) {
      fail(jsonPath, `agent name ${shown(agent?.name)} must match ${AGENT_NAME}.`);
    }
    if (names.has(agent.name)) fail(jsonPath, `agent "${agent.name}" is listed twice.`);
    names.add(agent.name);
    const path = join(dir, 'agents', `${agent.name}.md.hbs`);
    if (!folder.has(path)) fail(path, `the template for agent "${agent.name}" is missing.`);
    const { data, body } = splitTemplate(path, folder.read(path));
    if (data.name !== agent.name) fail(path, `front matter "name" must be "${agent.name}", the file's name.`);
    agents.push({ name: agent.name, frontMatter: Object.entries(data), body });
    const pick = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
    const mcp = mcpToolsOf(path, data.tools, servers);
    metas.push({
      name: agent.name,
      purpose: String(agent.purpose ?? ''),
      ...(agent.aliases?.length ? { aliases: agent.aliases } : {}),
      ...(agent.handoffs === undefined ? {} : { handoffs: readHandoffs(jsonPath, agent.name, agent.handoffs, teamNames) }),
      ...(pick('model') ? { model: pick('model') } : {}),
      ...(pick('color') ? { color: pick('color') } : {}),
      ...(pick('tools') ? { tools: pick('tools') } : {}),
      ...(agent.skills !== undefined ? { skills: agent.skills } : {}),
      ...(Object.keys(mcp).length ? { mcp } : {}),
    });
  }

  // The stack's own files, then the files every stack shares (templates/shared/), unless the stack has
  // its own file at that path. files/ goes to the project root, supabase/ to the project's supabase/.
  const shared = join(root, 'shared');
  const files: ScannedStack['files'] = [];
  const paths = new Set<string>();
  const add = (list: ScannedStack['files']) => {
    for (const file of list) {
      if (paths.has(file.path)) continue;
      paths.add(file.path);
      files.push(file);
    }
  };
  add(scanFiles(folder, join(dir, 'files'), 'files'));
  add(scanFiles(folder, join(dir, 'supabase'), 'supabase', 'supabase/'));
  for (const part of KIT_PARTS) {
    add(scanFiles(folder, join(dir, part.name), part.name, part.dest));
    add(scanFiles(folder, join(shared, part.name), part.name, part.dest));
  }
  const functionOf = (path: string) => /^supabase\/functions\/([^/_][^/]*)\/index\.ts$/.exec(path)?.[1];
  const sharedSupabase = scanFiles(folder, join(shared, 'supabase'), 'supabase', 'supabase/');
  const functions = [...files, ...sharedSupabase]
    .map((f) => functionOf(f.path))
    .filter((name): name is string => Boolean(name))
    .sort();
  for (const name of functions) {
    if (!FUNCTION_NAME.test(name)) fail(join(dir, 'supabase/functions', name), `a function name must match ${FUNCTION_NAME}.`);
  }
  add(scanFiles(folder, join(shared, 'files'), 'files'));
  // The helpers in functions/_shared/ only go with functions that use them.
  add(functions.length ? sharedSupabase : sharedSupabase.filter((f) => !f.path.startsWith('supabase/functions/')));
  // templates/shared/function/ holds what every function folder gets (deno.json).
  for (const name of functions) add(scanFiles(folder, join(shared, 'function'), 'supabase', `supabase/functions/${name}/`));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const supabase = readSupabaseConfig(jsonPath, raw.supabase, functions);
  const skills = skillsOf(files, fail);
  for (const agent of metas) {
    if (agent.skills === undefined) continue;
    if (!Array.isArray(agent.skills) || !agent.skills.every((name) => typeof name === 'string')) {
      fail(jsonPath, `"skills" of agent "${agent.name}" must be a list of skill names.`);
    }
    for (const name of agent.skills) {
      if (!skills.some((s) => s.name === name)) {
        fail(jsonPath, `agent "${agent.name}" preloads skill ${shown(name)}, but no skills/<name>/SKILL.md.hbs has that name (in the stack or in shared/).`);
      }
    }
  }
  const app = readApp(jsonPath, raw.app);
  const commands = raw.commands ?? {};
  if (!isObject(commands)) fail(jsonPath, '"commands" must be an object.');
  onlyKeys(jsonPath, 'commands', commands, ['now', 'local']);
  const env = readVariables(jsonPath, 'env', raw.env, { keys: ['for'], read: (v, at) => ({ for: readString(jsonPath, `${at}.for`, v.for) }) });
  const contract = raw.contract ?? {};
  if (!isObject(contract)) fail(jsonPath, '"contract" must be an object.');
  const renames = raw.renames ?? [];
  if (!Array.isArray(renames)) fail(jsonPath, '"renames" must be a list.');
  for (const [i, r] of renames.entries()) {
    if (!isObject(r)) fail(jsonPath, `"renames[${i}]" must be an object.`);
    onlyKeys(jsonPath, `renames[${i}]`, r, ['from', 'to']);
    readString(jsonPath, `renames[${i}].from`, r.from);
    readString(jsonPath, `renames[${i}].to`, r.to);
  }

  return {
    meta: {
      id,
      description: raw.description,
      defaults: { name: raw.defaults.name },
      lead: raw.lead!,
      agents: metas,
      functions,
      migrations: files.map((f) => /^supabase\/migrations\/([^/]+\.sql)$/.exec(f.path)?.[1]).filter((n): n is string => Boolean(n)),
      skills,
      starter: starterFacts(files.filter((f) => f.part === 'supabase')),
      supabase,
      ...(app ? { app } : {}),
      renames: renames as StackMeta['renames'],
      commands: { now: readCommands(jsonPath, 'commands.now', commands.now), local: readCommands(jsonPath, 'commands.local', commands.local) },
      contract,
      env,
      mcpServers: servers.filter((s) => metas.some((a) => a.mcp?.[s.name])),
    },
    agents,
    files,
  };
}

/** Reads a whole templates folder, checking its layout; every problem names the file to fix. */
export function scanTemplates(root: string): ScannedTemplates {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`Templates folder not found: ${root}`, { exitCode: 2, hint: 'Pass a folder laid out as templates/README.md describes.' });
  }
  const folder = new TemplatesFolder(root);
  const registryPath = join(root, 'registry.json');
  const registry = readJson(folder, registryPath) as { stacks?: unknown; defaultStack?: unknown };
  if (!Array.isArray(registry.stacks) || registry.stacks.length === 0) fail(registryPath, '"stacks" must list stack ids.');
  for (const id of registry.stacks) {
    if (typeof id !== 'string' || !STACK_ID.test(id)) fail(registryPath, `stack id ${shown(id)} must be lowercase kebab-case.`);
  }
  const ids = registry.stacks as string[];
  const defaultStack = typeof registry.defaultStack === 'string' ? registry.defaultStack : ids[0]!;
  if (!ids.includes(defaultStack)) fail(registryPath, `"defaultStack" must be one of ${ids.join(', ')}.`);
  const servers = readMcpServers(folder);
  const stacks = ids.map((id) => scanStack(folder, id, servers));
  const partials = folder
    .walk(join(root, 'partials'))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => ({ name: relative(join(root, 'partials'), f).split(sep).join('/').slice(0, -4), source: folder.read(f) }));
  return { registry: { stacks: stacks.map((s) => s.meta), defaultStack }, stacks, partials };
}
