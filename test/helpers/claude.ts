import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from './cli.js';

export const CLAUDE_BIN = join(REPO, 'node_modules/.bin/claude');

/** Runs Claude Code's own validator over a project's agents, wrapped as a plugin, with a throwaway HOME. */
export function claudeValidate(agentsDir: string): { code: number; output: string } {
  const plugin = tempDir('plugin-');
  mkdirSync(join(plugin, '.claude-plugin'));
  cpSync(agentsDir, join(plugin, 'agents'), { recursive: true });
  writeFileSync(join(plugin, '.claude-plugin/plugin.json'), JSON.stringify({ name: 'p', version: '0.0.0', description: 'd', author: { name: 'a' } }));
  try {
    const output = execFileSync(CLAUDE_BIN, ['plugin', 'validate', '--strict', plugin], {
      env: { ...process.env, HOME: tempDir('home-'), NO_COLOR: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status ?? 1, output: `${e.stdout}${e.stderr}` };
  }
}
