import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/terminal.js';
import { BIN, tempDir } from './helpers/cli.js';

describe('standard streams without stream objects', () => {
  it('a file and /dev/null are not terminals (decided without loading tty)', () => {
    const file = openSync(join(tempDir('term-'), 'out.txt'), 'w');
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(isTerminal(file)).toBe(false);
      expect(isTerminal(devNull)).toBe(false);
      expect(isTerminal(987654)).toBe(false);
    } finally {
      closeSync(file);
      closeSync(devNull);
    }
  });

  it('the whole output reaches a file, a pipe and /dev/null, and a run that prints to a file loads no stream module', () => {
    const cwd = tempDir('term-run-');
    const out = join(cwd, 'out.txt');
    const probe = join(cwd, 'probe.cjs');
    // Records which of Node's modules the run loaded.
    writeFileSync(probe, "process.on('exit', () => require('fs').writeFileSync(process.env.LOADED, process.moduleLoadList.join('\\n')));");
    const env = { ...process.env, LOADED: join(cwd, 'loaded.txt') };
    const toFile = spawnSync('sh', ['-c', `"${process.execPath}" -r "${probe}" "${BIN}" --help > "${out}"`], { cwd, env, encoding: 'utf8' });
    expect(toFile.status, toFile.stderr).toBe(0);
    const viaPipe = spawnSync(process.execPath, [BIN, '--help'], { cwd, encoding: 'utf8' });
    expect(readFileSync(out, 'utf8')).toBe(viaPipe.stdout);
    expect(viaPipe.stdout).toMatch(/^Usage: create-agents/);
    expect(viaPipe.stdout).toMatch(/Examples:[\s\S]+yarn create agents my-crm --stack vue-crm --yes\n$/);
    const loaded = readFileSync(env.LOADED, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded.filter((m) => /^NativeModule (stream|tty|net|crypto)$/.test(m))).toEqual([]);
    const devNull = spawnSync(process.execPath, [BIN, '--help'], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    expect(devNull.status, devNull.stderr).toBe(0);
  });

  it('a long report through a pipe whose reader is slow arrives whole, with the exit code', () => {
    const cwd = tempDir('term-slow-');
    mkdirSync(join(cwd, 'agents'));
    // Every file has findings, so the JSON report runs to several times what a pipe holds.
    for (let i = 0; i < 300; i++)
      writeFileSync(
        join(cwd, 'agents', `agent-${i}.md`),
        `---\nname: Agent ${i}\ndescription: d\ntools: Read, Nope\n---\nHand it to the missing-helper-${i} agent.\n`,
      );
    const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" lint --json agents | (sleep 1; cat) > out.json`], {
      cwd,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(1);
    const text = readFileSync(join(cwd, 'out.json'), 'utf8');
    expect(text.length).toBeGreaterThan(200_000);
    const report = JSON.parse(text) as { ok: boolean; findings: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.findings.length).toBeGreaterThanOrEqual(600);
  });

  it('a default scaffold loads none of the heavy built-in modules it does not use (terminals, sockets, prompts, processes, promises)', () => {
    const cwd = tempDir('term-scaffold-');
    const probe = join(cwd, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => require('fs').writeFileSync(process.env.LOADED, process.moduleLoadList.join('\\n')));");
    const env = { ...process.env, LOADED: join(cwd, 'loaded.txt') };
    const run = spawnSync(process.execPath, ['-r', probe, BIN, 'app', '--stack', 'react-chat', '--yes', '--no-git'], {
      cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const loaded = readFileSync(env.LOADED, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded.filter((m) => /^NativeModule (tty|net|readline|child_process|internal\/fs\/promises)$/.test(m))).toEqual([]);
    expect(readFileSync(join(cwd, 'app/.create-agents.json'), 'utf8')).toMatch(/"sha256": "[0-9a-f]{64}"/);
  });
});
