import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../src/check/finding.js';
import { claudeValidate } from './helpers/claude.js';
import { REPO, runCli, tempDir } from './helpers/cli.js';

/**
 * A corpus of agent files, one or more per class seen in public collections (test/fixtures/agent-corpus),
 * judged by lint and by Claude Code's own validator side by side.
 */
const CORPUS = join(REPO, 'test/fixtures/agent-corpus/agents');

/** The files Claude Code's validator (--strict) reports, by file name. */
function rejectedByClaude(dir: string): Set<string> {
  const { output } = claudeValidate(dir);
  return new Set([...output.matchAll(/^Validating agent: .*\/([^/\n]+\.md)$/gm)].map((m) => m[1]!));
}

async function lint(args: string[]) {
  const result = await runCli(['lint', '--json', ...args]);
  return JSON.parse(result.stdout) as {
    files: number;
    findings: Finding[];
    fixed?: Array<{ file: string }>;
    notFixed?: Array<{ file: string; reason: string }>;
  };
}

const withErrors = (findings: Finding[]) => new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file.split('/').pop()!));

describe('lint beside Claude Code on a corpus of agent files', () => {
  it('errs on every file Claude Code rejects, and otherwise only where Claude Code does not look (tools, models)', async () => {
    const dir = join(tempDir(), 'agents');
    cpSync(CORPUS, dir, { recursive: true });
    const rejected = rejectedByClaude(dir);
    const report = await lint([dir]);
    const errors = withErrors(report.findings);
    expect(report.files).toBe(30);
    expect(rejected.size).toBeGreaterThan(5);
    expect([...rejected].filter((f) => !errors.has(f))).toEqual([]);
    const lintOnly = [...errors].filter((f) => !rejected.has(f)).sort();
    expect(lintOnly).toEqual(['copilot-tools.md', 'marketing-model.md']);
    const why = report.findings.filter((f) => f.severity === 'error' && lintOnly.includes(f.file.split('/').pop()!)).map((f) => f.rule);
    expect(new Set(why)).toEqual(new Set(['agent/tools', 'agent/model']));
  });

  it('--fix repairs what can be read as meant, never changes a meaning, and Claude Code then accepts those files', async () => {
    const dir = join(tempDir(), 'agents');
    cpSync(CORPUS, dir, { recursive: true });
    const before = rejectedByClaude(dir);
    const report = await lint(['--fix', dir]);
    const fixed = (report.fixed ?? []).map((f) => f.file.split('/').pop()).sort();
    expect(fixed).toEqual(['bom.md', 'colon-description.md', 'continued-example.md', 'escaped-newlines.md']);
    expect((report.notFixed ?? []).map((f) => f.file.split('/').pop()).sort()).toEqual(['tabs.md', 'unclosed.md']);
    const after = rejectedByClaude(dir);
    expect([...after].filter((f) => fixed.includes(f))).toEqual([]);
    expect([...after].every((f) => before.has(f))).toBe(true);
    // The example's lines stay in the description; no `user` field appears.
    const text = readFileSync(join(dir, 'continued-example.md'), 'utf8');
    const data = parse(text.split('\n---\n')[0]!.slice(4)) as Record<string, string>;
    expect(Object.keys(data)).toEqual(['name', 'description', 'model']);
    expect(data.description).toContain('user: "refund order 12"\nassistant: "I will use the continued-example agent."\n</example>');
  });
});
