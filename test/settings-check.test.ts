import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSettings } from '../src/check/settings-rules.js';
import { memoryTree } from '../src/check/tree.js';
import { runCli } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const check = (content: string) => checkSettings(memoryTree([{ path: '.claude/settings.json', content }]));
const summary = async (content: string) => (await check(content)).map((f) => `${f.rule}${f.line ? `:${f.line}` : ''}`);

describe('check: .claude/settings.json', () => {
  it('is quiet without a settings file, and on a rendered one', async () => {
    expect(await checkSettings(memoryTree([]))).toEqual([]);
    for (const supabase of [true, false]) {
      const dir = await renderProject('react-chat', { supabase });
      expect(await check(readFileSync(join(dir, '.claude/settings.json'), 'utf8'))).toEqual([]);
    }
  });

  it.each([
    ['not JSON', '{ "permissions": { "deny": ["Read(.env)",] } }', ['settings/invalid-json']],
    ['comments', '{\n  // mine\n}', ['settings/invalid-json']],
    ['not an object', '[]', ['settings/invalid-json']],
    ['permissions not an object', '{ "permissions": [] }', ['settings/permissions']],
    ['a list that is a string', '{\n  "permissions": {\n    "allow": "Bash"\n  }\n}', ['settings/permissions:3']],
    [
      'rules Claude Code skips',
      '{\n  "permissions": {\n    "deny": [\n      "Read(.env",\n      "Bash(foo:*:bar)",\n      "Bash(npm test:*)",\n      "Read(!.env.example)"\n    ]\n  }\n}',
      ['settings/rule-syntax:4', 'settings/rule-syntax:5'],
    ],
  ])('%s', async (_label, content, expected) => {
    expect(await summary(content)).toEqual(expected);
  });

  it('create-agents check reports a broken settings file as an error (exit 1)', async () => {
    const dir = await renderProject('supabase', { agents: [] });
    writeFileSync(join(dir, '.claude/settings.json'), '{ "permissions": { "deny": ["Read(.env)",] } }\n');
    const result = await runCli(['check', dir, '--json']);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout).findings as Array<{ rule: string; file: string; message: string }>;
    expect(findings.filter((f) => f.rule.startsWith('settings/'))).toEqual([
      expect.objectContaining({ rule: 'settings/invalid-json', file: '.claude/settings.json', message: expect.stringMatching(/ignores the whole file/) }),
    ]);
  });
});
