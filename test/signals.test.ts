import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';
import { removeCliBin, runCliWith, startCli } from './helpers/spawn-cli.js';

afterAll(removeCliBin);

/**
 * A folder of stand-ins for the programs create-agents starts (`claude`, `npx`): each answers
 * `--version` at once, and otherwise writes its process id to `<name>.pid` and waits for two minutes, as
 * a slow download or validator would.
 */
function slowPrograms(): { bin: string; pidOf(name: string): number | null } {
  const bin = tempDir('ca-slow-');
  for (const name of ['claude', 'npx']) {
    const script = join(bin, name);
    writeFileSync(script, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo 2.1.197; exit 0; fi\necho $$ > "${bin}/${name}.pid"\nexec sleep 120\n`);
    chmodSync(script, 0o755);
  }
  return {
    bin,
    pidOf: (name) => {
      const file = join(bin, `${name}.pid`);
      return existsSync(file) ? Number(readFileSync(file, 'utf8')) : null;
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function project(stack = 'supabase'): Promise<string> {
  const parent = tempDir();
  const result = await runCliWith(['proj', '--stack', stack, '--yes', '--no-git'], { cwd: parent });
  expect(result.code, result.stderr).toBe(0);
  return join(parent, 'proj');
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s while a command waits on another program', (signal, code) => {
  it(`check, during Claude Code's validator: exit ${code}, the validator stopped, no temporary folder left`, async () => {
    const dir = await project();
    const slow = slowPrograms();
    const tmp = tempDir('ca-tmp-');
    const run = startCli(['check', dir, '--with-claude'], { cwd: dir, env: { PATH: `${slow.bin}:${process.env.PATH}`, TMPDIR: tmp }, timeoutMs: 60_000 });
    await until(() => slow.pidOf('claude') !== null, 'the validator to start');
    run.child.kill(signal);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(code);
    await until(() => !alive(slow.pidOf('claude')!), 'the validator to stop', 5000);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it(`update, while npx renders the old version: exit ${code}, npx stopped, the project as it was`, async () => {
    const dir = await project();
    const recordPath = join(dir, '.create-agents.json');
    const record = JSON.parse(readFileSync(recordPath, 'utf8'));
    writeFileSync(recordPath, `${JSON.stringify({ ...record, version: '0.0.9' }, null, 2)}\n`);
    const recordText = readFileSync(recordPath, 'utf8');
    const slow = slowPrograms();
    const tmp = tempDir('ca-tmp-');
    mkdirSync(join(tmp, 'npm'), { recursive: true });
    const run = startCli(['update', dir, '--base-from-npm'], { cwd: dir, env: { PATH: `${slow.bin}:${process.env.PATH}`, TMPDIR: tmp }, timeoutMs: 60_000 });
    await until(() => slow.pidOf('npx') !== null, 'npx to start');
    run.child.kill(signal);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(code);
    await until(() => !alive(slow.pidOf('npx')!), 'npx to stop', 5000);
    expect(readFileSync(recordPath, 'utf8')).toBe(recordText);
    expect(readdirSync(tmp)).toEqual(['npm']);
  });
});
