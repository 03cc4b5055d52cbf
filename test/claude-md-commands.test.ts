import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsThatWorkNow } from './helpers/claude-md.js';
import { runCli, tempDir } from './helpers/cli.js';
import { deno, output, STACKS, supabase } from './helpers/tools.js';

/** Runs `npx <tool> ...` as a user would, with the tools this repository pins. */
async function run(command: string, cwd: string): Promise<{ ok: boolean; text: string }> {
  const [, tool, ...args] = command.split(/\s+/);
  if (tool === 'create-agents') {
    const result = await runCli(args, { cwd, timeoutMs: 240_000 });
    return { ok: result.code === 0, text: `${result.stdout}\n${result.stderr}` };
  }
  const runner = tool === 'deno' ? deno : tool === 'supabase' ? supabase : null;
  if (!runner) return { ok: false, text: `no way to run ${tool} in this test: add it to run()` };
  const result = await runner(args, cwd);
  return { ok: result.exitCode === 0, text: output(result) };
}

describe.each(STACKS)('CLAUDE.md of %s', (stack) => {
  for (const variant of [[], ['--no-supabase']]) {
    it(`lists commands that work in a fresh project (${variant.join(' ') || 'default answers'})`, { timeout: 600_000 }, async () => {
      const dir = join(tempDir(), 'project');
      const created = await runCli([dir, '--stack', stack, '--yes', '--no-git', ...variant]);
      expect(created.code, created.stderr).toBe(0);
      const commands = commandsThatWorkNow(readFileSync(join(dir, 'CLAUDE.md'), 'utf8'));
      expect(commands).toContain('npx create-agents check');
      for (const command of commands) {
        const result = await run(command, dir);
        expect(result.ok, `${command} in a fresh ${stack} project:\n${result.text}`).toBe(true);
      }
      if (commands.includes('npx supabase migration new example')) {
        expect(readdirSync(join(dir, 'supabase/migrations')).some((f) => f.endsWith('_example.sql'))).toBe(true);
      }
    });
  }
});

describe('commandsThatWorkNow', () => {
  it('reads the list under "Work now" and nothing after it', () => {
    const text = 'Work now:\n- `npx a b`: x\n- `npx c` and `npx d --e`: y\n\nLater:\n- `npx f`: z\n';
    expect(commandsThatWorkNow(text)).toEqual(['npx a b', 'npx c', 'npx d --e']);
  });
});
