import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeThree, mergeTwo } from '../src/update/merge.js';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';
import { pauseAfterReading, pauseAfterRenaming, removeCliBin, runCliWith, startCli } from './helpers/spawn-cli.js';
import { snapshotTree, withoutMigrationVersion } from './helpers/tree.js';

afterAll(removeCliBin);

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const edit = (dir: string, path: string, fn: (text: string) => string) => writeFileSync(join(dir, path), fn(read(dir, path)));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const OLD_RULE = '- Never edit an applied migration: add a new one, then regenerate the types.';
const NEW_RULE = '- Never edit an applied migration: add a new one, run `npx supabase db reset`, then regenerate the types.';
const INTRO = 'hold the logic that does not belong in SQL.\n';
const MY_NOTE = 'Our team reviews every migration on Mondays.\n';
const MY_BODY = '\n## House rules\n\nAsk in #db before dropping a column.\n';

/** A copy of the built-in templates, to change as a template maintainer would. */
function templatesCopy(change?: (dir: string) => void): string {
  const dir = join(tempDir('tpl-'), 'templates');
  cpSync(join(REPO, 'templates'), dir, { recursive: true });
  change?.(dir);
  return dir;
}
const changeRule = (dir: string) =>
  edit(dir, 'stacks/supabase/files/CLAUDE.md.hbs', (t) => {
    expect(t).toContain(OLD_RULE);
    return t.replace(OLD_RULE, NEW_RULE);
  });

async function update(dir: string, args: string[] = []) {
  const result = await runCli(['update', dir, '--json', ...args], { timeoutMs: 60_000 });
  return { ...result, report: JSON.parse(result.stdout) as { ok: boolean; base: string[]; files: Array<{ path: string; status: string; twoWay?: boolean }> } };
}
const statusOf = (report: { files: Array<{ path: string; status: string }> }, path: string) => report.files.find((f) => f.path === path)?.status;

describe('migration names', () => {
  it('come from the clock (UTC, in order, before the run ends) and stay as recorded on a second run, on add and on update', async () => {
    const cwd = tempDir();
    const version = (ms: number) => new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
    const before = version(Date.now() - 3000);
    expect((await runCli(['app', '--stack', 'n8n-api', '--yes', '--no-git', '--agents', 'backend-architect'], { cwd })).code).toBe(0);
    const after = version(Date.now());
    const dir = join(cwd, 'app');
    const names = () => readdirSync(join(dir, 'supabase/migrations')).sort();
    const first = names();
    expect(first.map((n) => n.slice(15))).toEqual(['workflow_schema.sql', 'rls_policies.sql', 'workflow_callbacks.sql']);
    // A `supabase migration new` run after this sorts after the starter's migrations.
    for (const name of first) expect(name.slice(0, 14) >= before && name.slice(0, 14) < after, name).toBe(true);
    expect(JSON.parse(read(dir, '.create-agents.json')).migrations).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await runCli(['app', '--stack', 'n8n-api', '--yes', '--no-git', '--agents', 'backend-architect'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\b0 created\b|unchanged/);
    expect(names()).toEqual(first);
    expect((await runCli(['add', 'test-engineer', dir])).code).toBe(0);
    expect((await runCli(['update', dir])).code).toBe(0);
    expect(names()).toEqual(first);
  });
});

describe('create-agents update', () => {
  it('keeps your edits, brings the template change and the new answer, and rewrites the record', async () => {
    const before = templatesCopy();
    const dir = await renderProject('supabase', { extraArgs: ['--templates-dir', before] });
    edit(dir, 'CLAUDE.md', (t) => t.replace(INTRO, `${INTRO}\n${MY_NOTE}`));
    edit(dir, '.claude/agents/database-engineer.md', (t) => t + MY_BODY);

    const after = templatesCopy(changeRule);
    const { code, report, stderr } = await update(dir, ['--templates-dir', after, '--model', 'opus']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(statusOf(report, 'CLAUDE.md')).toBe('merged');
    expect(statusOf(report, '.claude/agents/database-engineer.md')).toBe('merged');

    const claude = read(dir, 'CLAUDE.md');
    expect(claude).toContain(MY_NOTE);
    expect(claude).toContain(NEW_RULE);
    expect(claude).not.toContain(OLD_RULE);
    const db = read(dir, '.claude/agents/database-engineer.md');
    expect(db).toContain(MY_BODY);
    expect(db).toMatch(/^model: opus$/m);

    // Files you never edited are now exactly a fresh render with the new templates and answers.
    const fresh = await renderProject('supabase', { model: 'opus', extraArgs: ['--templates-dir', after] });
    const record = JSON.parse(read(dir, '.create-agents.json')) as {
      answers: { model: string };
      templates: string;
      files: Array<{ path: string; sha256: string }>;
    };
    const freshRecord = JSON.parse(read(fresh, '.create-agents.json')) as { files: Array<{ path: string; sha256: string }> };
    // The same files, migrations by name: their versions come from the clock of each run.
    const freshPath = new Map(freshRecord.files.map((f) => [withoutMigrationVersion(f.path), f.path]));
    expect(record.files.map((f) => ({ ...f, path: withoutMigrationVersion(f.path) }))).toEqual(
      freshRecord.files.map((f) => ({ ...f, path: withoutMigrationVersion(f.path) })),
    );
    expect(record.answers.model).toBe('opus');
    expect(record.templates.endsWith('templates')).toBe(true);
    for (const { path } of record.files) {
      if (path !== 'CLAUDE.md' && path !== '.claude/agents/database-engineer.md')
        expect(read(dir, path), path).toBe(read(fresh, freshPath.get(withoutMigrationVersion(path))!));
    }

    // check sees the two edits as notes, nothing else.
    const check = await runCli(['check', '--json', dir]);
    expect((JSON.parse(check.stdout).findings as Array<{ rule: string; file: string }>).map((f) => `${f.rule} ${f.file}`).sort()).toEqual([
      'record/edited .claude/agents/database-engineer.md',
      'record/edited CLAUDE.md',
    ]);
  });

  it('marks overlapping changes, lists them and exits 1; check then reports the markers', async () => {
    const before = templatesCopy();
    const dir = await renderProject('supabase', { extraArgs: ['--templates-dir', before] });
    edit(dir, 'CLAUDE.md', (t) => t.replace(OLD_RULE, '- Never edit an applied migration, ever.'));
    const result = await runCli(['update', dir, '--templates-dir', templatesCopy(changeRule)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CONFLICT\s+CLAUDE\.md\s+\(1 overlapping change/);
    expect(read(dir, 'CLAUDE.md')).toContain(`<<<<<<< yours\n- Never edit an applied migration, ever.\n=======\n${NEW_RULE}\n>>>>>>> templates\n`);
    const check = await runCli(['check', '--json', dir]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings).toEqual([expect.objectContaining({ file: 'CLAUDE.md', rule: 'record/conflict-markers', severity: 'error' })]);
  });

  it('--dry-run writes nothing', async () => {
    const before = templatesCopy();
    const dir = await renderProject('supabase', { extraArgs: ['--templates-dir', before] });
    edit(dir, 'CLAUDE.md', (t) => t.replace(INTRO, `${INTRO}\n${MY_NOTE}`));
    const snapshot = snapshotTree(dir);
    const { code, report } = await update(dir, ['--dry-run', '--templates-dir', templatesCopy(changeRule), '--model', 'haiku']);
    expect(code).toBe(0);
    expect(statusOf(report, 'CLAUDE.md')).toBe('merged');
    expect(snapshotTree(dir)).toEqual(snapshot);
  });

  it('leaves a file you deleted deleted, and reports files the new answers drop without deleting them', async () => {
    const dir = await renderProject('supabase');
    unlinkSync(join(dir, 'CLAUDE.md'));
    const { code, report } = await update(dir, ['--agents', 'database-engineer']);
    expect(code).toBe(0);
    expect(statusOf(report, 'CLAUDE.md')).toBe('deleted');
    expect(existsSync(join(dir, 'CLAUDE.md'))).toBe(false);
    expect(statusOf(report, '.claude/agents/test-engineer.md')).toBe('dropped');
    expect(existsSync(join(dir, '.claude/agents/test-engineer.md'))).toBe(true);
    const record = JSON.parse(read(dir, '.create-agents.json')) as { answers: { agents: string[] }; files: Array<{ path: string }> };
    expect(record.answers.agents).toEqual(['backend-architect', 'database-engineer']);
    expect(record.files.map((f) => f.path)).not.toContain('.claude/agents/test-engineer.md');
    expect(record.files.map((f) => f.path)).toContain('CLAUDE.md');
    // Next time it is still deleted.
    expect(statusOf((await update(dir)).report, 'CLAUDE.md')).toBe('deleted');
  });

  it('without a base (the old templates are gone) falls back to two ways and says so', async () => {
    const before = templatesCopy();
    const dir = await renderProject('supabase', { extraArgs: ['--templates-dir', before] });
    edit(dir, 'CLAUDE.md', (t) => t.replace(INTRO, `${INTRO}\n${MY_NOTE}`));
    rmSync(before, { recursive: true });
    const { code, report } = await update(dir, ['--templates-dir', templatesCopy(changeRule)]);
    expect(code).toBe(1);
    expect(report.base.join('\n')).toMatch(/not there/);
    expect(report.base.join('\n')).toMatch(/no base for CLAUDE\.md.*two-way/);
    expect(report.files.find((f) => f.path === 'CLAUDE.md')).toMatchObject({ status: 'conflict', twoWay: true });
    const claude = read(dir, 'CLAUDE.md');
    expect(claude).toContain(`<<<<<<< yours\n${OLD_RULE}\n=======\n${NEW_RULE}\n>>>>>>> templates\n`);
    expect(claude).toMatch(/<<<<<<< yours\n\n?Our team reviews every migration on Mondays\.\n\n?=======\n>>>>>>> templates\n/);
  });

  it('runs no earlier version unless asked (two-way merge, said so), and still replaces what you never edited', async () => {
    const dir = await renderProject('supabase');
    edit(dir, '.create-agents.json', (t) => t.replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    // npm offline: were update to run npx, it would fail fast and the base note would say so.
    const result = await runCli(['update', dir, '--json', '--model', 'haiku'], { env: { npm_config_offline: 'true' }, timeoutMs: 60_000 });
    const { code } = result;
    const report = JSON.parse(result.stdout) as { base: string[] };
    expect(code).toBe(0);
    expect(report.base.join('\n')).toMatch(/create-agents 0\.0\.1 not run \(pass --base-from-npm to rebuild the base with npx\); merged two ways/);
    expect(read(dir, '.claude/agents/database-engineer.md')).toMatch(/^model: haiku$/m);
    const offline = await update(dir, ['--offline', '--dry-run']);
    expect(offline.code).toBe(0);
  });

  it('refuses a record whose fields could escape the project, even in a dry run (exit 2), and check reports it', async () => {
    const dir = await renderProject('supabase');
    const outside = join(dir, '../../../../../outside');
    edit(dir, '.create-agents.json', (t) =>
      t.replace(/"version": "[^"]+"/, '"version": "0.0.1"').replace(/"projectId": "[^"]+"/, '"projectId": "../../../../../outside"'),
    );
    const snapshot = snapshotTree(dir);
    for (const args of [['--dry-run'], ['--dry-run', '--base-from-npm'], []]) {
      const result = await runCli(['update', dir, ...args], { timeoutMs: 20_000 });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/\.create-agents\.json is damaged: "projectId" must be 1 to 40 letters/);
      expect(result.stderr).not.toMatch(/delete it/);
    }
    expect(existsSync(outside)).toBe(false);
    expect(snapshotTree(dir)).toEqual(snapshot);
    const check = await runCli(['check', '--json', dir]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings).toContainEqual(
      expect.objectContaining({ file: '.create-agents.json', rule: 'record/invalid', message: expect.stringMatching(/projectId/) }),
    );
  });

  it('refuses recorded answers and versions of the wrong type with a clear message, not an internal error', async () => {
    const dir = await renderProject('supabase');
    const original = read(dir, '.create-agents.json');
    type Record_ = { version: string; stack: string; migrations?: string[]; answers: Record<string, unknown> };
    const cases: Array<[(r: Record_) => void, RegExp]> = [
      [(r) => (r.answers.name = 123), /"answers\.name" must be a string/],
      [(r) => (r.answers.agents = 'database-engineer'), /"answers\.agents" must be a list/],
      [(r) => (r.answers.supabase = 'yes'), /"answers\.supabase" must be true or false/],
      [(r) => (r.version = '1.0.0 --registry=http://evil'), /"version" .* is not a version number/],
      [(r) => (r.stack = '../stack'), /"stack" .* is not a stack id/],
      [(r) => (r.migrations = ['../../x.sql']), /"migrations" must list/],
    ];
    for (const [change, message] of cases) {
      const record = JSON.parse(original);
      change(record);
      writeFileSync(join(dir, '.create-agents.json'), JSON.stringify(record));
      for (const command of [
        ['update', dir],
        ['add', 'test-engineer', dir],
      ]) {
        const result = await runCli(command);
        expect(result.code, `${command[0]} ${message}`).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/bug/i);
      }
    }
  });

  it('merges a checkout with CRLF line endings and keeps them', async () => {
    const before = templatesCopy();
    const dir = await renderProject('supabase', { extraArgs: ['--templates-dir', before] });
    edit(dir, 'CLAUDE.md', (t) => t.replace(INTRO, `${INTRO}\n${MY_NOTE}`).replaceAll('\n', '\r\n'));
    const { code } = await update(dir, ['--templates-dir', templatesCopy(changeRule)]);
    expect(code).toBe(0);
    const claude = read(dir, 'CLAUDE.md');
    expect(claude).toContain(`${NEW_RULE}\r\n`);
    expect(claude).toContain(`${MY_NOTE.trimEnd()}\r\n`);
    expect(claude.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('leaves binary content where text was alone (exit 1) and merges a 5 MB edit', async () => {
    const before = templatesCopy();
    const dir = await renderProject('supabase', { extraArgs: ['--templates-dir', before] });
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]);
    writeFileSync(join(dir, 'CLAUDE.md'), binary);
    const big = `\n${'A long note. '.repeat(400_000)}\n`;
    edit(dir, '.claude/agents/database-engineer.md', (t) => t + big);
    const { code, report } = await update(dir, ['--templates-dir', templatesCopy(changeRule), '--model', 'opus']);
    expect(code).toBe(1);
    expect(statusOf(report, 'CLAUDE.md')).toBe('blocked');
    expect(readFileSync(join(dir, 'CLAUDE.md')).equals(binary)).toBe(true);
    expect(statusOf(report, '.claude/agents/database-engineer.md')).toBe('merged');
    const db = read(dir, '.claude/agents/database-engineer.md');
    expect(db.endsWith(big)).toBe(true);
    expect(db).toMatch(/^model: opus$/m);
  });

  it('stops with a clear error, writing nothing, when the record is damaged', async () => {
    const dir = await renderProject('supabase');
    writeFileSync(join(dir, '.create-agents.json'), '{"tool": "create-agents", "files": [');
    const snapshot = snapshotTree(dir);
    const result = await runCli(['update', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.create-agents\.json is not valid JSON/);
    expect(result.stderr).toMatch(/Restore .create-agents.json from version control/);
    expect(snapshotTree(dir)).toEqual(snapshot);
  });

  it('loses no change another run made to the record after this one read it: it plans again from the record as it is now', async () => {
    const dir = await renderProject('supabase', { agents: ['database-engineer'] });
    const slow = startCli(['update', dir, '--model', 'opus'], { cwd: dir, env: pauseAfterReading('.create-agents.json', 4000), timeoutMs: 60_000 });
    await slow.waitFor('paused after reading .create-agents.json');
    const added = await runCliWith(['add', 'test-engineer', dir], { cwd: dir });
    expect(added.code).toBe(0);
    const result = await slow.result;
    expect(result.code, result.stderr).toBe(0);
    const record = JSON.parse(read(dir, '.create-agents.json')) as { answers: { agents: string[]; model: string }; files: Array<{ path: string }> };
    expect(record.answers.agents).toContain('test-engineer');
    expect(record.answers.model).toBe('opus');
    expect(record.files.map((f) => f.path)).toContain('.claude/agents/test-engineer.md');
    expect(read(dir, '.claude/agents/test-engineer.md')).toMatch(/^model: opus$/m);
  });

  it('replaces the record by a rename: a reader during the write sees it whole, never missing or half', async () => {
    const dir = await renderProject('supabase');
    const run = startCli(['update', dir, '--model', 'opus'], { cwd: dir, env: pauseAfterRenaming('.create-agents.json', 3000), timeoutMs: 60_000 });
    await run.waitFor('paused after renaming .create-agents.json');
    const during = (JSON.parse(read(dir, '.create-agents.json')) as { answers: { model: string } }).answers.model;
    expect(during).toBe('opus');
    const check = await runCli(['check', '--json', dir]);
    expect(JSON.parse(check.stdout).findings.map((f: { rule: string }) => f.rule)).not.toContain('record/invalid');
    const result = await run.result;
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir).filter((name) => name.endsWith('.create-agents'))).toEqual([]);
  });

  it('refuses flags it cannot apply', async () => {
    const dir = await renderProject('supabase');
    expect((await runCli(['update', dir, '--stack', 'vue-crm'])).code).toBe(2);
    expect((await runCli(['update', dir, '--agents', 'nobody'])).code).toBe(2);
  });
});

describe('merging', () => {
  const base = 'a\nb\nc\nd\ne\n';
  it('three ways: both sides arrive when they touch different lines', () => {
    expect(mergeThree('a\nB\nc\nd\ne\n', base, 'a\nb\nc\nd\nE\n')).toEqual({ content: 'a\nB\nc\nd\nE\n', conflicts: 0 });
  });
  it('three ways: the same line changed twice is marked', () => {
    expect(mergeThree('a\nX\nc\nd\ne\n', base, 'a\nY\nc\nd\ne\n')).toEqual({
      content: 'a\n<<<<<<< yours\nX\n=======\nY\n>>>>>>> templates\nc\nd\ne\n',
      conflicts: 1,
    });
  });
  it('three ways: the same change on both sides is no conflict, and a missing final newline survives', () => {
    expect(mergeThree('a\nZ\nc', 'a\nb\nc', 'a\nZ\nc')).toEqual({ content: 'a\nZ\nc', conflicts: 0 });
  });
  it('two ways: every difference is marked', () => {
    expect(mergeTwo('a\nb\n', 'a\nc\n')).toEqual({ content: 'a\n<<<<<<< yours\nb\n=======\nc\n>>>>>>> templates\n', conflicts: 1 });
    expect(sha(mergeTwo('same\n', 'same\n').content)).toBe(sha('same\n'));
  });
});
