import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acknowledged, pathClaim } from '../src/check/drift-spans.js';
import type { Finding } from '../src/check/finding.js';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { listFiles, STACKS } from './helpers/tools.js';

/**
 * The team's text names only what each render has (or says is still to be created): every stack, in
 * every variant check --templates-dir renders (default answers, the lead alone, each leave-one-out
 * team, --no-supabase, the kit without each part and without any). A failure lists each name as
 * `<stack>/<file>:<line> <rule> <message> [<variant>]`.
 */
describe('the built-in templates', () => {
  it('render no drift: every name CLAUDE.md, the agents and the skills give exists', async () => {
    const result = await runCli(['check', '--json', '--templates-dir', join(REPO, 'templates')], { timeoutMs: 300_000 });
    const report = JSON.parse(result.stdout) as { renders: number; findings: Finding[] };
    expect(report.renders).toBeGreaterThan(20);
    const drift = report.findings.filter((f) => f.rule.startsWith('drift/')).map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`);
    expect(drift).toEqual([]);
  });
});

describe('what the default renders mark as still to create', () => {
  it.each(STACKS)('%s: no folder the project has, so the drift rules still watch everything in it', async (stack) => {
    const dir = join(tempDir(), 'project');
    expect((await runCli([dir, '--stack', stack, '--yes', '--no-git'])).code).toBe(0);
    const marked = listFiles(dir)
      .filter((file) => file === 'CLAUDE.md' || file.startsWith('.claude/agents/') || file.startsWith('.claude/skills/'))
      .flatMap((file) => acknowledged(readFileSync(join(dir, file), 'utf8')).map((span) => ({ file, path: pathClaim(span)?.path })))
      .filter(({ path }) => path && existsSync(join(dir, path)) && statSync(join(dir, path)).isDirectory());
    expect(marked).toEqual([]);
  });
});
