import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/check/finding.js';
import { REPO, runCli } from './helpers/cli.js';

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
