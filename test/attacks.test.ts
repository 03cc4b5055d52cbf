import { execFileSync } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';
import { pauseAfterRenaming, removeCliBin, startCli } from './helpers/spawn-cli.js';

afterAll(removeCliBin);

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
const noFifo = process.platform === 'win32' ? 'FIFOs are POSIX' : undefined;
/** A run that would wait on a special file fails the test by its time limit instead of passing. */
const QUICK = { timeoutMs: 10_000 };

/** A copy of the built-in templates, changed by `change`. */
function templatesCopy(change: (dir: string) => void): string {
  const dir = join(tempDir('tpl-'), 'templates');
  cpSync(join(REPO, 'templates'), dir, { recursive: true });
  change(dir);
  return dir;
}

describe.skipIf(Boolean(noFifo))('special files are refused, never waited on', () => {
  it('a FIFO, or a link to one, at .create-agents.lock: create stops at once (exit 2) and changes nothing', async () => {
    for (const link of [false, true]) {
      const cwd = tempDir();
      mkdirSync(join(cwd, 'proj'));
      const lock = join(cwd, 'proj/.create-agents.lock');
      if (link) {
        mkfifo(join(cwd, 'pipe'));
        symlinkSync(join(cwd, 'pipe'), lock);
      } else mkfifo(lock);
      const result = await runCli(['proj', '--yes', '--no-git'], { cwd, ...QUICK });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        link ? /\.create-agents\.lock is a symbolic link, not the lock file/ : /\.create-agents\.lock is a named pipe \(FIFO\), not the lock file/,
      );
      expect(result.stderr).toMatch(/Nothing was changed/);
      expect(readdirSync(join(cwd, 'proj'))).toEqual(['.create-agents.lock']);
    }
  });

  it('a FIFO at .create-agents.json: update and add stop at once with a clear message, check reports it', async () => {
    const dir = await renderProject('supabase');
    unlinkSync(join(dir, '.create-agents.json'));
    mkfifo(join(dir, '.create-agents.json'));
    for (const args of [
      ['update', dir],
      ['add', 'test-engineer', dir],
    ]) {
      const result = await runCli(args, QUICK);
      expect(result.code, args[0]).toBe(2);
      expect(result.stderr).toMatch(/\.create-agents\.json is a named pipe \(FIFO\), not the record create-agents writes/);
    }
    const check = await runCli(['check', '--json', dir], QUICK);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings).toContainEqual(
      expect.objectContaining({ file: '.create-agents.json', rule: 'record/invalid', message: expect.stringMatching(/is a named pipe \(FIFO\)/) }),
    );
  });

  it('lint and lint --fix refuse a FIFO or a device named like an agent file', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'agents'));
    mkfifo(join(cwd, 'agents/pipe.md'));
    for (const args of [
      ['lint', 'agents'],
      ['lint', '--fix', 'agents'],
      ['lint', 'agents/pipe.md'],
    ]) {
      const result = await runCli(args, { cwd, ...QUICK });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/agents\/pipe\.md is a named pipe \(FIFO\), not an agent file/);
    }
    rmSync(join(cwd, 'agents/pipe.md'));
    symlinkSync('/dev/zero', join(cwd, 'agents/zero.md'));
    const zero = await runCli(['lint', 'agents'], { cwd, ...QUICK });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/agents\/zero\.md is a device, not an agent file/);
  });

  it('an agent template that is a FIFO or a link to /dev/zero: the render stops at once (exit 2)', async () => {
    const agent = 'stacks/supabase/agents/database-engineer.md.hbs';
    for (const [what, make] of [
      ['a named pipe', (path: string) => mkfifo(path)],
      ['a device', (path: string) => symlinkSync('/dev/zero', path)],
    ] as const) {
      const templates = templatesCopy((dir) => {
        unlinkSync(join(dir, agent));
        make(join(dir, agent));
      });
      const cwd = tempDir();
      const result = await runCli(['proj', '--templates-dir', templates, '--stack', 'supabase', '--yes', '--no-git'], { cwd, ...QUICK });
      expect(result.code, what).toBe(2);
      expect(result.stderr).toContain(what === 'a device' ? 'leads outside the templates folder' : 'is a named pipe (FIFO), not a regular file');
      expect(existsSync(join(cwd, 'proj'))).toBe(false);
    }
  });
});

describe('templates stay inside their folder', () => {
  it.each([
    ['a stack part folder', 'stacks/supabase/files'],
    ['the shared part folder', 'shared/files'],
    ['a folder below a part', 'stacks/supabase/supabase/migrations'],
  ])('%s linked outside is refused (exit 2, naming the link), nothing written', async (_what, part) => {
    const secrets = tempDir('secrets-');
    writeFileSync(join(secrets, 'id_rsa'), 'PRIVATE KEY\n');
    const templates = templatesCopy((dir) => {
      rmSync(join(dir, part), { recursive: true });
      symlinkSync(secrets, join(dir, part));
    });
    const cwd = tempDir();
    const result = await runCli(['proj', '--templates-dir', templates, '--stack', 'supabase', '--yes', '--no-git'], { cwd, ...QUICK });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`Template error in ${join(templates, part)}`);
    expect(result.stderr).toMatch(/symbolic link that leads outside the templates folder/);
    expect(existsSync(join(cwd, 'proj'))).toBe(false);
  });

  it('a link that stays inside the folder is followed', async () => {
    const templates = templatesCopy((dir) => {
      renameSync(join(dir, 'stacks/supabase/files'), join(dir, 'stacks/supabase/files-real'));
      symlinkSync('files-real', join(dir, 'stacks/supabase/files'));
    });
    const cwd = tempDir();
    const result = await runCli(['proj', '--templates-dir', templates, '--stack', 'supabase', '--yes', '--no-git'], { cwd, ...QUICK });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(cwd, 'proj/CLAUDE.md'))).toBe(true);
  });

  it.each([
    ['.git/hooks/post-checkout', /inside \.git\//],
    ['.create-agents.json', /a file create-agents keeps for itself/],
    ['.create-agents.lock', /a file create-agents keeps for itself/],
  ])('a template file for %s is refused (exit 2)', async (path, message) => {
    const templates = templatesCopy((dir) => {
      const full = join(dir, 'stacks/supabase/files', path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, '#!/bin/sh\necho owned\n');
    });
    const cwd = tempDir();
    const result = await runCli(['proj', '--templates-dir', templates, '--stack', 'supabase', '--yes', '--no-git'], { cwd, ...QUICK });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'proj'))).toBe(false);
  });
});

describe('names in messages', () => {
  it('a template file name with ESC, a newline or an RTL override is printed escaped', async () => {
    const name = 'evil\u001b[2J\n\u202Edm.exe';
    const templates = templatesCopy((dir) => {
      const full = join(dir, 'stacks/supabase/files/.git', name);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, 'x\n');
    });
    const result = await runCli(['proj', '--templates-dir', templates, '--stack', 'supabase', '--yes', '--no-git'], { cwd: tempDir(), ...QUICK });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('evil\\x1b[2J\\x0a\\u202edm.exe');
    expect(result.stderr).not.toMatch(/[\u001b\u202e]/);
  });

  it("a file's name with ESC, a newline or an RTL override is printed escaped in the list of files written", async () => {
    const name = 'evil\u001b[2J\n\u202Edm.md';
    const templates = templatesCopy((dir) => writeFileSync(join(dir, 'stacks/supabase/files', name), 'x\n'));
    const result = await runCli(['proj', '--templates-dir', templates, '--stack', 'supabase', '--yes', '--no-git', '--verbose'], { cwd: tempDir(), ...QUICK });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('evil\\x1b[2J\\x0a\\u202edm.md');
    expect(result.stdout).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('crash-safe: a run killed half way', () => {
  it('the next run puts back your file from where the killed run had moved it, and check reports leftovers', async () => {
    const dir = await renderProject('supabase');
    const mine = `${readFileSync(join(dir, 'CLAUDE.md'), 'utf8')}\nMy own notes.\n`;
    writeFileSync(join(dir, 'CLAUDE.md'), mine);
    const run = startCli(['my-app', '--stack', 'supabase', '--yes', '--no-git', '--force'], {
      cwd: join(dir, '..'),
      env: pauseAfterRenaming('CLAUDE.md', 10_000),
      timeoutMs: 30_000,
    });
    await run.waitFor('paused after renaming CLAUDE.md');
    run.child.kill('SIGKILL');
    await run.result;
    const aside = readdirSync(dir).filter((name) => /^\.CLAUDE\.md\.[0-9a-f]{8}\.create-agents$/.test(name));
    expect(aside).toHaveLength(1);
    expect(existsSync(join(dir, 'CLAUDE.md'))).toBe(false);
    writeFileSync(join(dir, `.CLAUDE.md.0123abcd.create-agents-tmp`), 'half');

    const check = await runCli(['check', '--json', dir]);
    const rules = (JSON.parse(check.stdout).findings as Array<{ rule: string; file: string }>).map((f) => `${f.rule} ${f.file}`);
    expect(rules).toContain(`record/leftover ${aside[0]}`);
    expect(rules).toContain('record/leftover .CLAUDE.md.0123abcd.create-agents-tmp');

    // The .gitignore of the project ignores them.
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8');
    expect(ignore).toMatch(/^\.\*\.create-agents$/m);
    expect(ignore).toMatch(/^\.\*\.create-agents-tmp$/m);

    const update = await runCli(['update', dir, '--model', 'opus']);
    expect(update.code).toBe(1);
    expect(update.stderr).toMatch(/put back CLAUDE\.md, which an interrupted run had moved aside/);
    expect(update.stderr).toMatch(/removed \.CLAUDE\.md\.0123abcd\.create-agents-tmp/);
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe(mine);
    expect(readdirSync(dir).filter((name) => /create-agents(-tmp)?$/.test(name))).toEqual([]);
    // Run again: your file is merged, never recreated from the template.
    const again = await runCli(['update', dir, '--model', 'opus']);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toContain('My own notes.');
  });
});

describe('smaller breaks', () => {
  it('a registry.json nested thousands deep is a template error, not an internal one', async () => {
    const templates = templatesCopy((dir) => writeFileSync(join(dir, 'registry.json'), `{"stacks": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`));
    const result = await runCli(['proj', '--templates-dir', templates, '--yes', '--no-git'], { cwd: tempDir(), ...QUICK });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Template error in .*registry\.json: stack id a list must be lowercase kebab-case/);
    expect(result.stderr).not.toMatch(/bug/i);
  });

  it.skipIf(process.getuid?.() !== 0)('lint --fix as root keeps the owner of the file, and leaves a hard-linked file whole', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'agents'));
    const broken = '---\nname: helper\ndescription: Use when: the build breaks\n---\nBody\n';
    writeFileSync(join(cwd, 'agents/helper.md'), broken);
    chownSync(join(cwd, 'agents/helper.md'), 65534, 65534);
    writeFileSync(join(cwd, 'agents/linked.md'), broken.replace('helper', 'linked'));
    linkSync(join(cwd, 'agents/linked.md'), join(cwd, 'other-name.md'));
    const result = await runCli(['lint', '--fix', '--json', 'agents'], { cwd, ...QUICK });
    const report = JSON.parse(result.stdout) as { fixed: Array<{ file: string }>; notFixed: Array<{ file: string; reason: string }> };
    expect(report.fixed.map((f) => f.file)).toEqual(['agents/helper.md']);
    expect(statSync(join(cwd, 'agents/helper.md')).uid).toBe(65534);
    expect(readFileSync(join(cwd, 'agents/helper.md'), 'utf8')).not.toBe(broken);
    expect(report.notFixed).toEqual([{ file: 'agents/linked.md', reason: expect.stringMatching(/2 hard links/) }]);
    expect(readFileSync(join(cwd, 'other-name.md'), 'utf8')).toBe(readFileSync(join(cwd, 'agents/linked.md'), 'utf8'));
  });

  it('lint --fix removes the temporary files a killed lint --fix left, and says so', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'agents'));
    writeFileSync(join(cwd, 'agents/helper.md'), '---\nname: helper\ndescription: Use when: the build breaks\n---\nBody\n');
    const stale = join(cwd, 'agents/.helper.md.0a1b2c3d.create-agents-tmp');
    writeFileSync(stale, '---\nname: hel');
    utimesSync(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const fresh = join(cwd, 'agents/.helper.md.4e5f6a7b.create-agents-tmp');
    writeFileSync(fresh, 'a repair going on right now');
    const result = await runCli(['lint', '--fix', 'agents'], { cwd, ...QUICK });
    expect(result.stderr).toContain('Removed agents/.helper.md.0a1b2c3d.create-agents-tmp, a temporary file an interrupted lint --fix left.');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});
