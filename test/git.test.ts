import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, collect, runCli, tempDir } from './helpers/cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('git init leaves no lock behind', () => {
  it('an init interrupted halfway takes its .git away again: exit 130, the files kept', async () => {
    const cwd = tempDir();
    // A git that stops where an interrupted init does: the config locked, not yet written.
    const bin = tempDir('fake-git-');
    writeFileSync(join(bin, 'git'), '#!/bin/sh\nmkdir -p .git && : > .git/config.lock && exec sleep 30\n');
    chmodSync(join(bin, 'git'), 0o755);
    const child = spawn(process.execPath, [BIN, 'app', '--stack', 'supabase', '--yes', '--git'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = collect(child, 'git init interrupted');
    for (let i = 0; i < 100 && !existsSync(join(cwd, 'app/.git/config.lock')); i++) await sleep(50);
    expect(existsSync(join(cwd, 'app/.git/config.lock'))).toBe(true);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Interrupted \(SIGINT\) during git init: the files are written, no repository was made/);
    expect(existsSync(join(cwd, 'app/.git'))).toBe(false);
    expect(existsSync(join(cwd, 'app/CLAUDE.md'))).toBe(true);
  });

  it('the next run repairs a lock an earlier init left', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app/.git'), { recursive: true });
    writeFileSync(join(cwd, 'app/.git/config.lock'), '');
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--git', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).git).toBe('initialised');
    expect(existsSync(join(cwd, 'app/.git/config.lock'))).toBe(false);
    expect(execFileSync('git', ['-C', join(cwd, 'app'), 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' }).trim()).toBe('true');
  });
});
