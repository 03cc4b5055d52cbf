import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

/** The one shape of a --json failure. */
const failure = (exitCode: number) => ({ ok: false, error: { message: expect.any(String), exitCode } });

async function json(args: string[], cwd?: string) {
  const result = await runCli([...args, '--json'], cwd ? { cwd } : {});
  return { code: result.code, report: JSON.parse(result.stdout) };
}

describe('every --json failure is { ok: false, error: { message, hint?, exitCode } }', () => {
  it('bad input (exit 2)', async () => {
    const { code, report } = await json(['app', '--stack', 'nope']);
    expect(code).toBe(2);
    expect(report).toMatchObject(failure(2));
    expect(report.error.hint).toMatch(/Valid values/);
  });

  it('create stopped by a conflict (exit 1): the error, the plan, and no next steps since nothing was written', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app'));
    writeFileSync(join(cwd, 'app/CLAUDE.md'), 'mine\n');
    const { code, report } = await json(['app', '--stack', 'supabase', '--yes', '--no-git'], cwd);
    expect(code).toBe(1);
    expect(report).toMatchObject(failure(1));
    expect(report.error).toEqual({ message: 'Nothing written: 1 file in conflict.', hint: expect.stringMatching(/--force/), exitCode: 1 });
    expect(report.nextSteps).toEqual([]);
    expect(report.files.find((f: { path: string }) => f.path === 'CLAUDE.md').status).toBe('conflict');
  });

  it('next steps only when something was written', async () => {
    const cwd = tempDir();
    const dry = await json(['app', '--stack', 'supabase', '--yes', '--no-git', '--dry-run'], cwd);
    expect(dry.report).toMatchObject({ ok: true, nextSteps: [] });
    expect(dry.report.error).toBeUndefined();
    const made = await json(['app', '--stack', 'supabase', '--yes', '--no-git'], cwd);
    expect(made.report.nextSteps.length).toBeGreaterThan(0);
    const again = await json(['app', '--stack', 'supabase', '--yes', '--no-git'], cwd);
    expect(again.report).toMatchObject({ ok: true, nextSteps: [] });
  });

  it('add stopped by a conflict, and check with errors (exit 1)', async () => {
    const dir = await renderProject('vue-crm', { agents: ['test-engineer'] });
    writeFileSync(join(dir, 'CLAUDE.md'), 'mine\n');
    const add = await json(['add', 'security-specialist', dir]);
    expect(add.code).toBe(1);
    expect(add.report).toMatchObject(failure(1));
    expect(add.report.error.hint).toMatch(/--force/);
    writeFileSync(join(dir, '.claude/agents/test-engineer.md'), 'no front matter\n');
    const check = await json(['check', dir]);
    expect(check.code).toBe(1);
    expect(check.report).toMatchObject(failure(1));
  });
});
