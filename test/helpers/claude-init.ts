import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_BIN } from './claude.js';
import { tempDir } from './cli.js';

/** The `init` event Claude Code prints first: what it loaded from the project in `cwd`. */
export interface InitEvent {
  type: string;
  subtype: string;
  agents: string[];
  skills: string[];
  slash_commands: string[];
}

/**
 * Starts Claude Code in a project (`claude -p hi --output-format stream-json --verbose`) with a throwaway
 * HOME: it cannot log in, but first prints its `init` event, which this returns.
 */
export function claudeInit(cwd: string): InitEvent {
  const result = spawnSync(CLAUDE_BIN, ['-p', 'hi', '--output-format', 'stream-json', '--verbose'], {
    cwd,
    env: { ...process.env, HOME: tempDir('home-'), NO_COLOR: '1', ANTHROPIC_API_KEY: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const line = result.stdout.split('\n').find((l) => l.includes('"subtype":"init"'));
  if (!line) throw new Error(`claude printed no init event (exit ${result.status})\n${result.stdout}${result.stderr}`);
  return JSON.parse(line) as InitEvent;
}

/** A plugin folder holding a project's agents and skills, for `claude plugin validate --strict`. */
export function pluginOf(project: string): string {
  const plugin = tempDir('plugin-');
  mkdirSync(join(plugin, '.claude-plugin'));
  cpSync(join(project, '.claude/agents'), join(plugin, 'agents'), { recursive: true });
  cpSync(join(project, '.claude/skills'), join(plugin, 'skills'), { recursive: true });
  writeFileSync(join(plugin, '.claude-plugin/plugin.json'), JSON.stringify({ name: 'p', version: '0.0.0', description: 'd', author: { name: 'a' } }));
  return plugin;
}

/** `claude plugin validate --strict <folder>` with a throwaway HOME. */
export function validatePlugin(folder: string): { code: number; output: string } {
  const result = spawnSync(CLAUDE_BIN, ['plugin', 'validate', '--strict', folder], {
    env: { ...process.env, HOME: tempDir('home-'), NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}
