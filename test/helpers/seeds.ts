import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_CODE } from '../../src/check/claude-code.js';
import { REPO } from './cli.js';

export const SEED_DIR = join(REPO, 'test/fixtures/seeds');

/** Which stack renders which seed (shared/seeds/README.md). */
export const SEED_STACKS: Record<string, string> = { '000': 'vue-crm', '001': 'astro-ims', '002': 'supabase', '003': 'n8n-api', '004': 'react-chat' };

export interface Seed {
  file: string;
  stack: string;
  /** The front matter as its author meant it: read leniently, `\n` as a line break. */
  intended: Record<string, string>;
  /** Everything after the closing `---` line. */
  body: string;
}

/** Reads a seed the lenient way the seeds README defines. */
export function readSeed(file: string): Seed {
  const text = readFileSync(join(SEED_DIR, file), 'utf8');
  const end = text.indexOf('\n---\n', 4);
  const intended: Record<string, string> = {};
  for (const line of text.slice(4, end).split('\n')) {
    const at = line.indexOf(': ');
    intended[line.slice(0, at)] = line.slice(at + 2).replaceAll('\\n', '\n');
  }
  return { file, stack: SEED_STACKS[file.slice(0, 3)]!, intended, body: text.slice(end + 5) };
}

export function allSeeds(): Seed[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map(readSeed);
}

/** Splits a rendered agent file at its closing `---` line. */
export function splitAgent(text: string): { yaml: string; body: string } {
  if (!text.startsWith('---\n')) throw new Error('no front matter');
  const end = text.indexOf('\n---\n', 3);
  return { yaml: text.slice(4, end + 1), body: text.slice(end + 5) };
}

/**
 * A seed's front matter as create-agents renders it: a tool Claude Code retired is replaced by its
 * successor (`MultiEdit` by `Edit`), or dropped where the list has the successor already
 * (shared/seeds/README.md, "Fidelity").
 */
export function withCurrentTools(data: Record<string, string>): Record<string, string> {
  if (data.tools === undefined) return data;
  const tools: string[] = [];
  for (const tool of data.tools.split(',').map((t) => t.trim())) {
    const current = CLAUDE_CODE.retiredTools[tool] ?? tool;
    if (!tools.includes(current)) tools.push(current);
  }
  return { ...data, tools: tools.join(', ') };
}
