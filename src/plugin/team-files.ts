import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { AGENTS_DIR } from '../names.js';
import type { PlannedFile } from '../render/render.js';
import { safeForTerminal } from '../terminal-text.js';
import { NotRegularFileError, readRegularFile } from '../write/read-regular.js';

/** Where a project keeps its skills, and its MCP servers. */
export const SKILLS_DIR = '.claude/skills';
export const MCP_FILE = '.mcp.json';

/** A project's team as a plugin holds it: paths relative to the plugin folder. */
export interface TeamFiles {
  files: PlannedFile[];
  /** Agent names (file names without `.md`), sorted. */
  agents: string[];
  /** Skill names (folders of `.claude/skills` with a SKILL.md), sorted. */
  skills: string[];
  mcp: boolean;
}

const refuse = (path: string, why: string) =>
  new UserError(`${safeForTerminal(path)} ${why}; a plugin holds plain text files only.`, {
    exitCode: 2,
    hint: 'Replace it with a regular file, or move it out of the folder.',
  });

/** A file's text; a link, a special file or bytes that are not UTF-8 are refused, never followed or mangled. */
function readText(path: string): string {
  if (lstatSync(path).isSymbolicLink()) throw refuse(path, 'is a symbolic link');
  let bytes: Buffer | null;
  try {
    bytes = readRegularFile(path);
  } catch (error) {
    if (error instanceof NotRegularFileError) throw refuse(path, `is ${error.kind}`);
    throw error;
  }
  const text = (bytes ?? Buffer.alloc(0)).toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes ?? Buffer.alloc(0))) throw refuse(path, 'is not UTF-8 text');
  return text;
}

/** Every file below `dir` (relative POSIX paths, sorted), dotfiles left out; links refused. */
function walk(dir: string, prefix = ''): string[] {
  const stats = lstatSync(dir, { throwIfNoEntry: false });
  if (!stats) return [];
  if (stats.isSymbolicLink()) throw refuse(dir, 'is a symbolic link');
  if (!stats.isDirectory()) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    const entry = lstatSync(full);
    if (entry.isSymbolicLink()) throw refuse(full, 'is a symbolic link');
    if (entry.isDirectory()) found.push(...walk(full, `${prefix}${name}/`));
    else found.push(`${prefix}${name}`);
  }
  return found;
}

/**
 * Reads the team of the project in `root` as it is now, your edits included: `.claude/agents/**\/*.md`
 * -> `agents/`, `.claude/skills/**` -> `skills/`, `.mcp.json` -> `.mcp.json`.
 */
export function readTeamFiles(root: string): TeamFiles {
  const agentPaths = walk(join(root, AGENTS_DIR)).filter((p) => p.endsWith('.md'));
  const skillPaths = walk(join(root, SKILLS_DIR));
  const files: PlannedFile[] = [
    ...agentPaths.map((p) => ({ path: `agents/${p}`, content: readText(join(root, AGENTS_DIR, p)) })),
    ...skillPaths.map((p) => ({ path: `skills/${p}`, content: readText(join(root, SKILLS_DIR, p)) })),
  ];
  const mcp = lstatSync(join(root, MCP_FILE), { throwIfNoEntry: false }) !== undefined;
  if (mcp) files.push({ path: MCP_FILE, content: readText(join(root, MCP_FILE)) });
  return {
    files,
    agents: agentPaths.map((p) => p.replace(/^.*\//, '').slice(0, -3)).sort(),
    skills: skillPaths.filter((p) => /^[^/]+\/SKILL\.md$/.test(p)).map((p) => p.split('/')[0]!),
    mcp,
  };
}
