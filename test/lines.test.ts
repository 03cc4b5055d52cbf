import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPENDED_HEADING, appendMissingLines } from '../src/reconcile/lines.js';
import { runCli, tempDir } from './helpers/cli.js';

describe('files of lines', () => {
  it.each([
    ['.gitignore', 'node_modules/\n', 'node_modules/\n.env\n', `node_modules/\n\n${APPENDED_HEADING}\n.env\n`],
    ['.gitignore', 'dist', '# build\ndist/\n', `dist\n\n${APPENDED_HEADING}\ndist/\n`],
    ['.gitignore', '.env\r\n', '# secrets\n.env\n\n', '.env\r\n'],
    ['supabase/.gitignore', '', 'a\nb\n', `${APPENDED_HEADING}\na\nb\n`],
    [
      '.env.example',
      'SUPABASE_URL=https://mine\n',
      'SUPABASE_URL=\nSUPABASE_ANON_KEY=\n',
      `SUPABASE_URL=https://mine\n\n${APPENDED_HEADING}\nSUPABASE_ANON_KEY=\n`,
    ],
  ])('%s: %j with the template %j gives %j', (path, current, rendered, expected) => {
    expect(appendMissingLines(path, Buffer.from(current), rendered)).toBe(expected);
  });

  it('other files and binary content are not merged', () => {
    expect(appendMissingLines('CLAUDE.md', Buffer.from('x'), 'y')).toBeNull();
    expect(appendMissingLines('.gitignore', Buffer.from([0, 1]), 'y')).toBeNull();
  });

  it("create appends the template's missing lines to an existing .gitignore, keeps yours, records what it wrote, and a second run keeps it", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'repo'));
    writeFileSync(join(cwd, 'repo/.gitignore'), 'coverage/\nnode_modules/\n');
    const result = await runCli(['repo', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/appended\s+\.gitignore/);
    const text = readFileSync(join(cwd, 'repo/.gitignore'), 'utf8');
    expect(text.startsWith('coverage/\nnode_modules/\n\n# Added from the create-agents templates\ndist/\n.env\n')).toBe(true);
    expect(text.match(/node_modules\//g)).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(cwd, 'repo/.create-agents.json'), 'utf8'));
    const entry = record.files.find((f: { path: string }) => f.path === '.gitignore');
    expect(entry.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    const again = await runCli(['repo', '--stack', 'supabase', '--yes', '--no-git', '--json'], { cwd });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.files.find((f: { path: string }) => f.path === '.gitignore')).toMatchObject({ status: 'kept' });
    expect(report.summary.conflict).toBe(0);
    expect(readFileSync(join(cwd, 'repo/.gitignore'), 'utf8')).toBe(text);
  });
});
