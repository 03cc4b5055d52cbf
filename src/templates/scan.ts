import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { FrontMatterError, readFrontMatter } from '../front-matter/read.js';
import { AGENT_NAME } from '../names.js';
import type { AgentMeta, FilePart, RegistryMeta, StackMeta } from './types.js';

/** A templates folder read into plain data: sources not yet compiled. */
export interface ScannedStack {
  meta: StackMeta;
  agents: Array<{ name: string; frontMatter: Array<[string, unknown]>; body: string }>;
  files: Array<{ path: string; part: FilePart; source: string; template: boolean }>;
}

export interface ScannedTemplates {
  registry: RegistryMeta;
  stacks: ScannedStack[];
  partials: Array<{ name: string; source: string }>;
}

/** npm drops these when publishing, so templates store them under another name. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', '_env.example': '.env.example' };

const STACK_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function fail(path: string, message: string): never {
  throw new UserError(`Template error in ${path}: ${message}`, {
    hint: 'See templates/README.md for the layout and format of a templates folder.',
  });
}

function readJson(path: string): unknown {
  if (!existsSync(path)) fail(path, 'the file is missing.');
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(path, `not valid JSON (${(error as Error).message}).`);
  }
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      return entry.isDirectory() ? walk(full) : entry.isFile() ? [full] : [];
    });
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

/** The files of one part of a template folder, with their project paths. */
function scanFiles(base: string, part: FilePart): ScannedStack['files'] {
  return walk(base).map((full) => {
    const segments = relative(base, full).split(sep);
    const last = segments.pop()!;
    const template = last.endsWith('.hbs');
    const name = template ? last.slice(0, -4) : last;
    segments.push(RENAMES[name] ?? name);
    return { path: segments.join('/'), part, source: readFileSync(full, 'utf8'), template };
  });
}

function scanStack(root: string, id: string): ScannedStack {
  const dir = join(root, 'stacks', id);
  const jsonPath = join(dir, 'stack.json');
  const raw = readJson(jsonPath) as Partial<StackMeta> & { agents?: AgentMeta[] };
  if (typeof raw.description !== 'string') fail(jsonPath, '"description" must be a string.');
  if (typeof raw.defaults?.name !== 'string') fail(jsonPath, '"defaults.name" must be a string.');
  if (!Array.isArray(raw.agents) || raw.agents.length === 0) fail(jsonPath, '"agents" must list the team.');
  if (!raw.agents.some((a) => a.name === raw.seedAgent)) fail(jsonPath, '"seedAgent" must be one of "agents".');

  const names = new Set<string>();
  const agents: ScannedStack['agents'] = [];
  const metas: AgentMeta[] = [];
  for (const agent of raw.agents) {
    if (typeof agent?.name !== 'string' || !AGENT_NAME.test(agent.name)) {
      fail(jsonPath, `agent name ${JSON.stringify(agent?.name)} must match ${AGENT_NAME}.`);
    }
    if (names.has(agent.name)) fail(jsonPath, `agent "${agent.name}" is listed twice.`);
    names.add(agent.name);
    const path = join(dir, 'agents', `${agent.name}.md.hbs`);
    if (!existsSync(path)) fail(path, `the template for agent "${agent.name}" is missing.`);
    const { data, body } = splitTemplate(path, readFileSync(path, 'utf8'));
    if (data.name !== agent.name) fail(path, `front matter "name" must be "${agent.name}", the file's name.`);
    agents.push({ name: agent.name, frontMatter: Object.entries(data), body });
    const pick = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
    metas.push({
      name: agent.name,
      purpose: String(agent.purpose ?? ''),
      ...(agent.aliases?.length ? { aliases: agent.aliases } : {}),
      ...(pick('model') ? { model: pick('model') } : {}),
      ...(pick('color') ? { color: pick('color') } : {}),
      ...(pick('tools') ? { tools: pick('tools') } : {}),
    });
  }

  // The stack's own files, then the files every stack shares (templates/shared/), unless the stack has
  // its own file at that path.
  const files: ScannedStack['files'] = [];
  for (const from of [dir, join(root, 'shared')]) {
    for (const part of ['files', 'supabase'] as const) {
      for (const file of scanFiles(join(from, part), part)) {
        if (!files.some((f) => f.path === file.path)) files.push(file);
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const functions = files
    .map((f) => /^supabase\/functions\/([^/_][^/]*)\/index\.ts$/.exec(f.path)?.[1])
    .filter((name): name is string => Boolean(name));

  return {
    meta: {
      id,
      description: raw.description,
      defaults: { name: raw.defaults.name },
      seedAgent: raw.seedAgent!,
      agents: metas,
      functions,
      migrations: files.map((f) => /^supabase\/migrations\/([^/]+\.sql)$/.exec(f.path)?.[1]).filter((n): n is string => Boolean(n)),
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
  const registryPath = join(root, 'registry.json');
  const registry = readJson(registryPath) as { stacks?: unknown; defaultStack?: unknown };
  if (!Array.isArray(registry.stacks) || registry.stacks.length === 0) fail(registryPath, '"stacks" must list stack ids.');
  for (const id of registry.stacks) {
    if (typeof id !== 'string' || !STACK_ID.test(id)) fail(registryPath, `stack id ${JSON.stringify(id)} must be lowercase kebab-case.`);
  }
  const ids = registry.stacks as string[];
  const defaultStack = typeof registry.defaultStack === 'string' ? registry.defaultStack : ids[0]!;
  if (!ids.includes(defaultStack)) fail(registryPath, `"defaultStack" must be one of ${ids.join(', ')}.`);
  const stacks = ids.map((id) => scanStack(root, id));
  const partials = walk(join(root, 'partials'))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => ({ name: relative(join(root, 'partials'), f).split(sep).join('/').slice(0, -4), source: readFileSync(f, 'utf8') }));
  return { registry: { stacks: stacks.map((s) => s.meta), defaultStack }, stacks, partials };
}
