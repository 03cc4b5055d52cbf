import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Finding } from '../src/check/finding.js';
import { readLeniently, repairAgentText } from '../src/lint/repair.js';
import { claudeValidate } from './helpers/claude.js';
import { runCli, tempDir } from './helpers/cli.js';
import { allSeeds, SEED_DIR, splitAgent } from './helpers/seeds.js';
import { snapshotTree } from './helpers/tree.js';

const BROKEN = allSeeds().filter((s) => !s.file.startsWith('002'));

/** A folder `<dir>/agents` with the given files; returns the folder. */
function agentsFolder(files: Record<string, string | Buffer>): string {
  const dir = join(tempDir(), 'agents');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function lint(args: string[], cwd?: string) {
  const result = await runCli(['lint', '--json', ...args], { cwd });
  const report = JSON.parse(result.stdout) as {
    ok: boolean;
    files: number;
    fixed?: Array<{ file: string; changes: string[] }>;
    notFixed?: Array<{ file: string; reason: string }>;
    findings: Finding[];
  };
  return { code: result.code, report, stderr: result.stderr };
}

describe('lint --fix on the four broken seeds', () => {
  it('they fail lint and Claude Code before, and pass both after, with the intended data and the same bodies', async () => {
    const dir = agentsFolder(Object.fromEntries(BROKEN.map((s) => [`${s.file.slice(0, 3)}.md`, readFileSync(join(SEED_DIR, s.file))])));
    const before = await lint([dir]);
    expect(before.code).toBe(1);
    expect(before.report.findings.filter((f) => f.rule === 'agent/front-matter-yaml')).toHaveLength(4);
    expect(claudeValidate(dir).code).not.toBe(0);

    const fixed = await lint(['--fix', dir]);
    expect(fixed.report.fixed?.map((f) => f.file.split('/').pop())).toEqual(['000.md', '001.md', '003.md', '004.md']);
    expect(fixed.report.notFixed).toEqual([]);
    expect(fixed.report.findings.filter((f) => f.rule.startsWith('agent/front-matter'))).toEqual([]);

    for (const seed of BROKEN) {
      const text = readFileSync(join(dir, `${seed.file.slice(0, 3)}.md`), 'utf8');
      const { yaml, body } = splitAgent(text);
      expect(parseYaml(yaml, { strict: true, uniqueKeys: true }), seed.file).toEqual(seed.intended);
      expect(body, seed.file).toBe(seed.body);
    }
    const validated = claudeValidate(dir);
    expect(validated.output).not.toMatch(/error|warning|failed/i);
    expect(validated.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['000.md', '001.md', '003.md', '004.md']);
  });

  it('leaves the valid seed and a file it fixed before byte for byte as they are', async () => {
    const valid = readFileSync(join(SEED_DIR, allSeeds().find((s) => s.file.startsWith('002'))!.file));
    const dir = agentsFolder({ 'backend-architect.md': valid });
    const first = await lint(['--fix', dir]);
    expect(first.report.fixed).toEqual([]);
    expect(readFileSync(join(dir, 'backend-architect.md')).equals(valid)).toBe(true);

    const broken = agentsFolder({ 'backend-architect.md': readFileSync(join(SEED_DIR, BROKEN[0]!.file)) });
    await lint(['--fix', broken]);
    const once = readFileSync(join(broken, 'backend-architect.md'));
    const again = await lint(['--fix', broken]);
    expect(again.report.fixed).toEqual([]);
    expect(readFileSync(join(broken, 'backend-architect.md')).equals(once)).toBe(true);
  });
});

describe('lint --fix on odd input', () => {
  it('keeps CRLF line endings and the CRLF body as they were', async () => {
    const original = readFileSync(join(SEED_DIR, '004_2c192a53d6a405b0.txt'), 'utf8').replaceAll('\n', '\r\n');
    const dir = agentsFolder({ 'backend-architect.md': original });
    const { report } = await lint(['--fix', dir]);
    expect(report.fixed).toHaveLength(1);
    const text = readFileSync(join(dir, 'backend-architect.md'), 'utf8');
    const bodyAt = original.indexOf('\r\n---\r\n', 4) + 7;
    expect(text.endsWith(original.slice(bodyAt))).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(report.findings.filter((f) => f.severity === 'error' && f.rule !== 'agent/unknown-agent')).toEqual([]);
  });

  it('removes a byte-order mark', async () => {
    const dir = agentsFolder({
      'a-agent.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\nname: a-agent\ndescription: d\n---\nBody\n')]),
    });
    const { code, report } = await lint(['--fix', dir]);
    expect(report.fixed?.[0]?.changes).toEqual(['removed the byte-order mark']);
    expect(readFileSync(join(dir, 'a-agent.md'), 'utf8')).toBe('---\nname: a-agent\ndescription: d\n---\nBody\n');
    expect(code).toBe(0);
  });

  it('reports what it cannot repair and leaves those files (and the folder) exactly as they were', async () => {
    const dir = agentsFolder({
      'unclosed.md': '---\nname: unclosed\ndescription: a: b\nBody\n',
      'nested.md': '---\nname: nested\ndescription: x: y\nhooks:\n  PreToolUse: []\n---\nBody\n',
      'tabs.md': '---\nname: tabs\ndescription: d\n\tmodel: sonnet\n---\nBody\n',
      'binary.md': Buffer.from([0, 1, 2, 3]),
      'twice.md': '---\nname: twice\ndescription: a: b\ndescription: c\n---\nBody\n',
    });
    const before = snapshotTree(dir);
    const { code, report } = await lint(['--fix', dir]);
    expect(code).toBe(1);
    expect(report.fixed).toEqual([]);
    expect(report.notFixed?.map((f) => f.file.split('/').pop()).sort()).toEqual(['binary.md', 'nested.md', 'tabs.md', 'twice.md', 'unclosed.md']);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('does not touch a file it cannot write, and says so', async () => {
    if (process.getuid?.() === 0) return; // root writes anyway
    const dir = agentsFolder({ 'backend-architect.md': readFileSync(join(SEED_DIR, BROKEN[0]!.file)) });
    chmodSync(dir, 0o555);
    try {
      const { report } = await lint(['--fix', dir]);
      expect(report.notFixed).toHaveLength(1);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('keeps the file mode', async () => {
    const dir = agentsFolder({ 'backend-architect.md': readFileSync(join(SEED_DIR, BROKEN[0]!.file)) });
    chmodSync(join(dir, 'backend-architect.md'), 0o640);
    await lint(['--fix', dir]);
    expect(statSync(join(dir, 'backend-architect.md')).mode & 0o777).toBe(0o640);
  });

  it('reads a 5 MB file without a crash', async () => {
    const dir = agentsFolder({ 'big.md': `---\nname: big\ndescription: d\n---\n${'x'.repeat(5_000_000)}\n` });
    const { code, report } = await lint(['--fix', dir]);
    expect(report.findings.map((f) => f.rule)).toEqual(['agent/too-large']);
    expect(code).toBe(1);
  });
});

describe('lint paths', () => {
  it('lints .claude/agents by default, recursively', async () => {
    const project = tempDir();
    mkdirSync(join(project, '.claude/agents/team'), { recursive: true });
    writeFileSync(join(project, '.claude/agents/team/a-agent.md'), '---\nname: a-agent\ndescription: d\nmodel: gpt\n---\nBody\n');
    const { code, report } = await lint([], project);
    expect(report.findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['.claude/agents/team/a-agent.md agent/model']);
    expect(code).toBe(1);
  });

  it('a path that does not exist is bad input (exit 2)', async () => {
    const result = await runCli(['lint', 'nowhere']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nowhere does not exist/);
  });

  it('in a create-agents project, checks handoffs against the team, counting agents next to a linted file', async () => {
    const cwd = tempDir();
    const made = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(made.code, made.stderr).toBe(0);
    const agents = join(cwd, 'app/.claude/agents');
    const handoff = '---\nname: a-agent\ndescription: d\n---\nDefer to test-engineer, then use the b-agent agent.\n';
    writeFileSync(join(agents, 'a-agent.md'), handoff);
    writeFileSync(join(agents, 'b-agent.md'), '---\nname: b-agent\ndescription: d\n---\nBody\n');
    expect((await lint([join(agents, 'a-agent.md')])).report.findings).toEqual([]);
    cpSync(join(agents, 'a-agent.md'), join(cwd, 'a-agent.md'));
    rmSync(join(agents, 'b-agent.md'));
    rmSync(join(agents, 'test-engineer.md'));
    const { code, report } = await lint([join(agents, 'a-agent.md')]);
    expect(report.findings.map((f) => `${f.rule} ${f.fix}`)).toEqual([
      'agent/unknown-agent Add it (create-agents add test-engineer) or remove the mention.',
      'agent/unknown-agent Name an agent of the project, or remove the mention.',
    ]);
    expect(code).toBe(1);
    // The same file outside a create-agents project hands work to nobody it must know.
    expect((await lint([join(cwd, 'a-agent.md')])).report.findings).toEqual([]);
  });

  it('in a folder, takes the files below agents folders, not READMEs, skills or commands; a folder with none is bad input', async () => {
    const repo = tempDir();
    const good = '---\nname: a-agent\ndescription: d\n---\nBody\n';
    for (const [path, text] of Object.entries({
      'README.md': '# Collection\n',
      'agents/README.md': '# The agents\n',
      'agents/web/a-agent.md': good,
      'plugins/x/agents/b-agent.md': good.replace('a-agent', 'b-agent'),
      'skills/deploy/SKILL.md': '---\nname: deploy\ndescription: d\n---\nSteps\n',
      'commands/review.md': 'Review the change.\n',
    })) {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    const { code, report } = await lint([repo]);
    expect(report.files).toBe(2);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    const none = await runCli(['lint', join(repo, 'skills')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no agent files/);
    expect((await lint([join(repo, 'commands/review.md')])).report.findings.map((f) => f.rule)).toEqual(['agent/front-matter-missing']);
  });

  it('prints fixes and findings in text mode', async () => {
    const dir = agentsFolder({ 'backend-architect.md': readFileSync(join(SEED_DIR, BROKEN[0]!.file)) });
    const result = await runCli(['lint', '--fix', dir]);
    expect(result.stdout).toMatch(/^fixed\s+.*backend-architect\.md: rewrote the front matter as valid YAML/m);
  });
});

describe('the lenient reading', () => {
  it('splits at the first ": ", reads \\n as a line break and keeps YAML values that are YAML', () => {
    expect(readLeniently('name: x\ndescription: Use it. Examples: a\\nb\nmaxTurns: 5\ntools: [Read, Grep]\nquoted: "a: b"')).toEqual({
      data: { name: 'x', description: 'Use it. Examples: a\nb', maxTurns: 5, tools: ['Read', 'Grep'], quoted: 'a: b' },
    });
  });

  it('continues a description on lines that are not fields Claude Code reads, and keeps block lists', () => {
    const yaml =
      'name: x\ndescription: Use it. Examples:\n<example>\nuser: "fix it"\nassistant: I will\n\n</example>\nmodel: sonnet\ntools:\n  - Read\n  - Grep';
    expect(readLeniently(yaml)).toEqual({
      data: {
        name: 'x',
        description: 'Use it. Examples:\n<example>\nuser: "fix it"\nassistant: I will\n\n</example>',
        model: 'sonnet',
        tools: ['Read', 'Grep'],
      },
    });
    const repaired = repairAgentText(`---\n${yaml}\n---\nBody\n`);
    expect(repaired.kind === 'repaired' && repaired.data).toEqual((readLeniently(yaml) as { data: unknown }).data);
  });

  it('leaves a line that could be a field or more of the description, and says why', () => {
    expect(readLeniently('name: x\ndescription: a: b\n\tmodel: sonnet')).toEqual({
      reason: 'front-matter line 3 could be the field "model" or more of the description; write it as you mean it',
    });
    expect(repairAgentText('---\nname: x\ndescription: a: b\n  tools: Read\n---\nBody\n').kind).toBe('impossible');
  });

  it('repairs without touching the body, and only when the YAML is broken', () => {
    const body = '\nBody with: colons\r\n---\nand a rule.\n';
    const repaired = repairAgentText(`---\nname: x-y\ndescription: a: b\n---\n${body}`);
    expect(repaired.kind).toBe('repaired');
    if (repaired.kind === 'repaired') {
      expect(repaired.text.endsWith(`---\n${body}`)).toBe(true);
      expect(repaired.data).toEqual({ name: 'x-y', description: 'a: b' });
    }
    expect(repairAgentText('---\nname: x-y\ndescription: fine\n---\nBody\n')).toEqual({ kind: 'none' });
    expect(repairAgentText('no front matter\n')).toEqual({ kind: 'none' });
  });
});
