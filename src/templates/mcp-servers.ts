import { join } from 'node:path';
import { UserError } from '../errors.js';
import { safeForTerminal } from '../terminal-text.js';
import type { TemplatesFolder } from './contained.js';
import type { McpServer, Note } from './types.js';

/**
 * The MCP servers a templates folder defines (`mcp-servers.json`, beside registry.json): one place for
 * each server's `.mcp.json` entry, the variables it reads and the tools agents may name. Agents name
 * tools with `{{mcpTools "<server>" "<tool>" ...}}` in their `tools` line.
 */
export const MCP_SERVERS_FILE = 'mcp-servers.json';

const SERVER_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TOOL_NAME = /^[a-z][a-z0-9_]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A `${VAR}` (or `${VAR:-default}`) Claude Code expands in .mcp.json. */
const EXPANDED = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g;
/** `{{mcpTools "server" "tool" ...}}` in an agent's tools line. */
const MCP_TOOLS_CALL = /\{\{\s*mcpTools((?:\s+"[^"]*")+)\s*\}\}/g;

function fail(path: string, message: string): never {
  throw new UserError(`Template error in ${safeForTerminal(path)}: ${message}`, {
    hint: 'See templates/README.md for the layout and format of a templates folder.',
  });
}

function note(path: string, where: string, value: unknown): Note {
  const lines = typeof value === 'string' ? [value] : (value ?? []);
  if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string' && !/[\r\n]/.test(l))) {
    fail(path, `"${where}" must be a one-line string or a list of one-line strings.`);
  }
  return lines as string[];
}

/** Every `${VAR}` in the strings of a value, in order, once each. */
export function expandedVariables(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(EXPANDED)) names.add(m[1]!);
    else if (v && typeof v === 'object') for (const inner of Object.values(v)) visit(inner);
  };
  visit(value);
  return [...names];
}

/** Reads `mcp-servers.json` of a templates folder; a folder without one defines no servers. */
export function readMcpServers(folder: TemplatesFolder): McpServer[] {
  const path = join(folder.root, MCP_SERVERS_FILE);
  if (!folder.has(path)) return [];
  let raw: { servers?: unknown };
  try {
    raw = JSON.parse(folder.read(path));
  } catch (error) {
    fail(path, `not valid JSON (${(error as Error).message}).`);
  }
  if (!raw || !Array.isArray(raw.servers)) fail(path, '"servers" must be a list.');
  const servers = raw.servers.map((s: Record<string, unknown>, i): McpServer => {
    const where = `servers[${i}]`;
    if (!s || typeof s !== 'object' || Array.isArray(s)) fail(path, `"${where}" must be an object.`);
    for (const key of Object.keys(s)) {
      if (!['name', 'note', 'config', 'env', 'tools'].includes(key)) fail(path, `"${where}.${key}" is not a setting; use name, note, config, env, tools.`);
    }
    if (typeof s.name !== 'string' || !SERVER_NAME.test(s.name)) fail(path, `"${where}.name" must match ${SERVER_NAME}.`);
    if (!s.config || typeof s.config !== 'object' || Array.isArray(s.config)) fail(path, `"${where}.config" must be the server's .mcp.json entry (an object).`);
    if (!Array.isArray(s.env)) fail(path, `"${where}.env" must list the variables the config reads.`);
    const env = s.env.map((e: Record<string, unknown>, j) => {
      if (typeof e?.name !== 'string' || !ENV_NAME.test(e.name)) fail(path, `"${where}.env[${j}].name" must be a variable name (${ENV_NAME}).`);
      return { name: e.name, note: note(path, `${where}.env[${j}].note`, e.note) };
    });
    // Every variable .mcp.json expands is documented (.env.example, CLAUDE.md), and nothing else.
    const used = expandedVariables(s.config);
    const listed = env.map((e) => e.name);
    const missing = used.filter((v) => !listed.includes(v));
    if (missing.length)
      fail(path, `"${where}.config" reads ${missing.map((v) => `\${${v}}`).join(', ')}: list ${missing.length > 1 ? 'them' : 'it'} in "env".`);
    const unused = listed.filter((v) => !used.includes(v));
    if (unused.length) fail(path, `"${where}.env" lists ${unused.join(', ')}, which "config" does not read.`);
    if (!Array.isArray(s.tools) || !s.tools.every((t) => typeof t === 'string' && TOOL_NAME.test(t))) {
      fail(path, `"${where}.tools" must list the server's tool names (${TOOL_NAME}).`);
    }
    return { name: s.name, note: note(path, `${where}.note`, s.note), config: s.config as Record<string, unknown>, env, tools: s.tools as string[] };
  });
  const names = servers.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) fail(path, `server "${twice}" is listed twice.`);
  return servers;
}

/**
 * The MCP tools an agent's `tools` line names with `{{mcpTools ...}}`, by server, each checked against
 * the servers' data: a server or tool that is not there is an error naming the agent template.
 */
export function mcpToolsOf(path: string, tools: unknown, servers: readonly McpServer[]): Record<string, string[]> {
  const named: Record<string, string[]> = {};
  if (typeof tools !== 'string') return named;
  for (const call of tools.matchAll(MCP_TOOLS_CALL)) {
    const [server, ...list] = [...call[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    const known = servers.find((s) => s.name === server);
    if (!known) fail(path, `mcpTools names the server "${server}", which ${MCP_SERVERS_FILE} does not define.`);
    if (!list.length) fail(path, `mcpTools "${server}" names no tools.`);
    const unknown = list.filter((t) => !known.tools.includes(t));
    if (unknown.length) fail(path, `mcpTools "${server}" names ${unknown.join(', ')}, not among the server's tools in ${MCP_SERVERS_FILE}.`);
    named[known.name] = [...new Set([...(named[known.name] ?? []), ...list])];
  }
  return named;
}
