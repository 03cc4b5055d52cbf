import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { mergeJson, mergesJson } from '../src/reconcile/json-merge.js';

const PATH = '/p/.claude/settings.json';
const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const merge = (yours: unknown, ours: unknown, base?: unknown) => {
  const result = mergeJson(PATH, text(yours), text(ours), base === undefined ? undefined : text(base));
  return { value: JSON.parse(result.content), yoursWins: result.yoursWins, content: result.content };
};

const ours = {
  $schema: 'https://json.schemastore.org/claude-code-settings.json',
  permissions: { deny: ['Read(.env)', 'Read(.env.*)'], allow: ['Bash(npx deno test *)'], ask: ['Bash(npx supabase db push *)'] },
};

describe('mergesJson', () => {
  it('is for .claude/settings.json only', () => {
    expect(mergesJson('.claude/settings.json')).toBe(true);
    expect(mergesJson('.claude/settings.local.json')).toBe(false);
    expect(mergesJson('.mcp.json')).toBe(false);
  });
});

describe('mergeJson without a base (a settings.json create-agents did not write)', () => {
  it('keeps every key and rule of yours, in your order, and adds ours after them without duplicates', () => {
    const yours = { model: 'opus', hooks: { Stop: [] }, permissions: { allow: ['Bash(npm test)', 'Bash(npx deno test *)'], defaultMode: 'acceptEdits' } };
    const { value } = merge(yours, ours);
    expect(Object.keys(value)).toEqual(['model', 'hooks', 'permissions', '$schema']);
    expect(value.model).toBe('opus');
    expect(value.hooks).toEqual({ Stop: [] });
    expect(value.permissions).toEqual({
      allow: ['Bash(npm test)', 'Bash(npx deno test *)'],
      defaultMode: 'acceptEdits',
      deny: ['Read(.env)', 'Read(.env.*)'],
      ask: ['Bash(npx supabase db push *)'],
    });
  });

  it('a rule you placed in another list stays yours: ours is not added where it would contradict it', () => {
    const { value, yoursWins } = merge({ permissions: { allow: ['Read(.env)'], deny: ['Bash(curl *)'] } }, ours);
    expect(value.permissions.allow).toEqual(['Read(.env)', 'Bash(npx deno test *)']);
    expect(value.permissions.deny).toEqual(['Bash(curl *)', 'Read(.env.*)']);
    expect(yoursWins).toEqual(['Read(.env)']);
  });

  it('a key named __proto__ is kept as a key', () => {
    const content = mergeJson(PATH, '{"__proto__": {"x": 1}, "model": "opus"}', text(ours)).content;
    expect(content).toMatch(/"__proto__": \{\s+"x": 1\s+\}/);
    expect(JSON.parse(content).model).toBe('opus');
  });

  it('a value of yours wins over ours', () => {
    expect(merge({ $schema: 'mine' }, ours).value.$schema).toBe('mine');
  });

  it('keeps your indentation and line endings', () => {
    const tabs = mergeJson(PATH, '{\n\t"model": "opus"\n}\n', text(ours)).content;
    expect(tabs).toMatch(/^\t"model": "opus",$/m);
    const crlf = mergeJson(PATH, '{\r\n  "model": "opus"\r\n}\r\n', text(ours)).content;
    expect(crlf.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
  });

  it('a file that already holds every rule comes back as it was, spacing and all', () => {
    const { content } = merge(ours, ours);
    expect(content).toBe(text(ours));
    const compact = JSON.stringify(ours);
    expect(mergeJson(PATH, compact, text(ours)).content).toBe(compact);
  });
});

describe('mergeJson with a base (update)', () => {
  const base = ours;
  it('a rule of ours you removed stays removed; a rule the templates added arrives', () => {
    const yours = { ...ours, permissions: { ...ours.permissions, allow: ['Bash(make test)'] } };
    const next = { ...ours, permissions: { ...ours.permissions, allow: ['Bash(npx deno test *)', 'Bash(npx deno lint *)'] } };
    expect(merge(yours, next, base).value.permissions.allow).toEqual(['Bash(make test)', 'Bash(npx deno lint *)']);
  });

  it('a rule the templates dropped goes; one you added stays', () => {
    const yours = { ...ours, permissions: { ...ours.permissions, deny: ['Read(.env)', 'Read(.env.*)', 'Read(secrets/**)'] } };
    const next = { ...ours, permissions: { ...ours.permissions, deny: ['Read(.env)'] } };
    expect(merge(yours, next, base).value.permissions.deny).toEqual(['Read(.env)', 'Read(secrets/**)']);
  });

  it("a new rule goes before the template's exception that follows it, so the exception still undoes it", () => {
    const before = { permissions: { deny: ['Read(.env)', 'Read(!.env.example)'] } };
    const next = { permissions: { deny: ['Read(.env)', 'Read(.env.*)', 'Read(!.env.example)'] } };
    const yours = { permissions: { deny: ['Read(.env)', 'Read(!.env.example)', 'Bash(curl *)'] } };
    expect(merge(yours, next, before).value.permissions.deny).toEqual(['Read(.env)', 'Read(.env.*)', 'Read(!.env.example)', 'Bash(curl *)']);
  });

  it('a key of ours you deleted stays deleted; a value you changed is yours, one you did not follows the templates', () => {
    const { $schema: _gone, ...yours } = { ...ours, permissions: { ...ours.permissions, defaultMode: 'plan' } };
    const before = { ...base, permissions: { ...base.permissions, defaultMode: 'default' }, env: { A: '1' } };
    const next = { ...ours, permissions: { ...ours.permissions, defaultMode: 'acceptEdits' }, env: { A: '2' } };
    const { value } = merge({ ...yours, env: { A: '1' } }, next, before);
    expect(value.$schema).toBeUndefined();
    expect(value.permissions.defaultMode).toBe('plan');
    expect(value.env).toEqual({ A: '2' });
  });

  it('a rule you moved to another list stays where you put it', () => {
    const yours = { ...ours, permissions: { deny: ['Read(.env.*)'], allow: ['Bash(npx deno test *)', 'Read(.env)'], ask: ours.permissions.ask } };
    expect(merge(yours, ours, base).value.permissions).toEqual(yours.permissions);
  });
});

describe('mergeJson on a file it cannot read', () => {
  for (const [label, content] of [
    ['not JSON', '{ "permissions": '],
    ['JSON with comments', '{\n  // mine\n  "model": "opus"\n}\n'],
    ['not an object', '["Read(.env)"]\n'],
  ] as const) {
    it(`${label}: a user error (exit 2) that names the file and says what to do`, () => {
      let error: unknown;
      try {
        mergeJson(PATH, content, text(ours));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
      expect((error as UserError).message).toContain(PATH);
      expect((error as UserError).hint).toMatch(/move it aside, then run again\. Nothing was written\./);
    });
  }
});
