import { existsSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';
import { snapshotTree, withoutMigrationVersion } from './helpers/tree.js';

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const recordOf = (dir: string) =>
  JSON.parse(read(dir, '.create-agents.json')) as { answers: { agents: string[] }; files: Array<{ path: string; sha256: string }> };

describe('create-agents add', () => {
  it('writes the new agent, and the team files gain the sentences that name it', async () => {
    const dir = await renderProject('vue-crm', { agents: ['test-engineer'] });
    const lead = read(dir, '.claude/agents/backend-architect.md');
    expect(lead).not.toContain('security-specialist');
    expect(read(dir, 'CLAUDE.md')).not.toContain('security-specialist');

    const result = await runCli(['add', 'security-specialist', dir, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: Array<{ path: string; status: string }> };
    expect(report.files).toEqual(
      expect.arrayContaining([
        { path: '.claude/agents/security-specialist.md', status: 'create' },
        { path: '.claude/agents/backend-architect.md', status: 'update' },
        { path: 'CLAUDE.md', status: 'update' },
      ]),
    );
    expect(read(dir, '.claude/agents/security-specialist.md')).toMatch(/^---\nname: security-specialist\n/);
    expect(read(dir, '.claude/agents/backend-architect.md')).toContain('security-specialist');
    expect(read(dir, 'CLAUDE.md')).toContain('`security-specialist`');

    // The record knows the new member and every file as written, so check sees no edits.
    expect(recordOf(dir).answers.agents).toEqual(['backend-architect', 'security-specialist', 'test-engineer']);
    // (drift/* findings on the built-in templates are test/drift-templates.test.ts's to report.)
    const check = await runCli(['check', '--json', dir]);
    const findings = JSON.parse(check.stdout).findings as Array<{ rule: string; severity: string }>;
    expect(findings.filter((f) => !f.rule.startsWith('drift/'))).toEqual([]);
    expect(check.code).toBe(findings.some((f) => f.severity === 'error') ? 1 : 0);

    // Adding it again changes nothing.
    const before = snapshotTree(dir);
    const again = await runCli(['add', 'security-specialist', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already in the team/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('is the same as generating with that team in the first place', async () => {
    const added = await renderProject('react-chat', { agents: ['database-engineer'] });
    await runCli(['add', 'test-engineer', added]);
    const direct = await renderProject('react-chat', { agents: ['database-engineer', 'test-engineer'] });
    // Migrations by name: their versions come from the clock of each run.
    const addedPath = new Map(recordOf(added).files.map((f) => [withoutMigrationVersion(f.path), f.path]));
    for (const file of recordOf(direct).files)
      expect(read(added, addedPath.get(withoutMigrationVersion(file.path)) ?? file.path), file.path).toBe(read(direct, file.path));
  });

  it('refuses an agent the stack does not have, listing the valid ones (exit 2)', async () => {
    const dir = await renderProject('supabase', { agents: [] });
    const before = snapshotTree(dir);
    const result = await runCli(['add', 'frontend-react-engineer', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no agent "frontend-react-engineer"/);
    expect(result.stderr).toMatch(/Valid agents: backend-architect, database-engineer, security-reviewer, test-engineer/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('treats a file you edited as a conflict: nothing written, exit 1; --force overwrites it', async () => {
    const dir = await renderProject('supabase', { agents: [] });
    writeFileSync(join(dir, 'CLAUDE.md'), `${read(dir, 'CLAUDE.md')}\nMy own notes.\n`);
    const before = snapshotTree(dir);
    const result = await runCli(['add', 'test-engineer', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CONFLICT\s+CLAUDE\.md/);
    expect(result.stderr).toMatch(/--force/);
    expect(snapshotTree(dir)).toEqual(before);

    const forced = await runCli(['add', 'test-engineer', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(read(dir, 'CLAUDE.md')).not.toContain('My own notes.');
    expect(existsSync(join(dir, '.claude/agents/test-engineer.md'))).toBe(true);
  });

  it('leaves a file you deleted deleted, and brings back the agent file you ask for', async () => {
    const dir = await renderProject('supabase', { agents: ['test-engineer'] });
    unlinkSync(join(dir, 'CLAUDE.md'));
    const result = await runCli(['add', 'database-engineer', dir, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: Array<{ path: string; status: string }>; summary: Record<string, number> };
    expect(report.files).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'CLAUDE.md', status: 'deleted' })]));
    // The agent, and .mcp.json: database-engineer is the team's first agent to use the Supabase MCP server.
    expect(report.summary).toMatchObject({ deleted: 1, create: 2, conflict: 0 });
    expect(report.files).toEqual(expect.arrayContaining([expect.objectContaining({ path: '.mcp.json', status: 'create' })]));
    expect(existsSync(join(dir, 'CLAUDE.md'))).toBe(false);
    expect(recordOf(dir).files.map((f) => f.path)).toContain('CLAUDE.md');

    rmSync(join(dir, '.claude/agents/database-engineer.md'));
    const again = await runCli(['add', 'database-engineer', dir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files).toEqual(expect.arrayContaining([{ path: '.claude/agents/database-engineer.md', status: 'create' }]));
    expect(existsSync(join(dir, '.claude/agents/database-engineer.md'))).toBe(true);
  });

  it('a link in the way is blocked: nothing written, exit 1, with --force too', async () => {
    const dir = await renderProject('supabase', { agents: [] });
    rmSync(join(dir, 'CLAUDE.md'));
    symlinkSync(join(dir, 'README.md'), join(dir, 'CLAUDE.md'));
    const before = snapshotTree(dir);
    for (const extra of [[], ['--force']]) {
      const result = await runCli(['add', 'test-engineer', dir, ...extra]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/BLOCKED\s+CLAUDE\.md\s+\(is a symbolic link/);
      expect(result.stderr).toMatch(/blocked by a link/);
      expect(snapshotTree(dir)).toEqual(before);
    }
  });

  it('--dry-run shows the plan and writes nothing', async () => {
    const dir = await renderProject('astro-ims', { agents: [] });
    const before = snapshotTree(dir);
    const result = await runCli(['add', 'pwa-engineer', dir, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Dry run: nothing written/);
    expect(result.stdout).toMatch(/create\s+\.claude\/agents\/pwa-engineer\.md/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('needs a project create-agents made, and a readable record', async () => {
    const dir = await renderProject('supabase', { agents: [] });
    writeFileSync(join(dir, '.create-agents.json'), '{"tool": "create-agents", "ver');
    const damaged = await runCli(['add', 'test-engineer', dir]);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/\.create-agents\.json is not valid JSON/);
    const none = await runCli(['add', 'test-engineer', join(dir, '.claude')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no \.create-agents\.json/);
    const missing = await runCli(['add']);
    expect(missing.code).toBe(2);
  });
});
