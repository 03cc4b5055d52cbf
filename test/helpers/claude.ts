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
  return runClaude(['plugin', 'validate', '--strict', plugin], tempDir('home-'));
}

/** Claude Code with `home` as its HOME, no terminal: its exit code and everything it printed. */
export function runClaude(args: string[], home: string): { code: number; output: string } {
  try {
    const output = execFileSync(CLAUDE_BIN, args, {
      env: { ...process.env, HOME: home, NO_COLOR: '1' },
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

/**
 * The `init` event Claude Code prints first with `-p --output-format stream-json --verbose`: the agents,
 * skills and MCP servers it loaded from `cwd`. A throwaway HOME (no login: the run stops after the
 * event) and npm kept offline, so that an MCP server started with npx downloads nothing.
 */
export async function claudeInitEvent(cwd: string, home = tempDir('home-')): Promise<Record<string, unknown>> {
  const { spawn } = await import('node:child_process');
  const child = spawn(CLAUDE_BIN, ['-p', 'hi', '--output-format', 'stream-json', '--verbose'], {
    cwd,
    env: { ...process.env, HOME: home, NO_COLOR: '1', npm_config_offline: 'true', npm_config_cache: join(home, '.npm') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`claude printed no init event in 60 s\n${err}`));
    }, 60_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"subtype":"init"'));
      if (!line) return;
      clearTimeout(timer);
      child.kill('SIGTERM');
      resolve(JSON.parse(line));
    });
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`claude ended without an init event\n${out}${err}`));
    });
  });
}
