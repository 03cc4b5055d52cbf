import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAnswers } from '../src/answers.js';
import { folderSource } from '../src/templates/folder.js';
import type { RegistryMeta } from '../src/templates/types.js';
import { REPO } from './helpers/cli.js';

let registry: RegistryMeta;
beforeAll(async () => {
  registry = (await folderSource(join(REPO, 'templates'))).registry;
});

const base = () => ({ registry, flags: {}, interactive: false, yes: false, cwd: '/tmp' });

describe('resolveAnswers', () => {
  it('takes flags, then defaults with --yes', async () => {
    const answers = await resolveAnswers({ ...base(), yes: true, flags: { stack: 'react-chat' } });
    expect(answers).toMatchObject({ stack: 'react-chat', name: 'Chatly MVP', dir: 'chatly-mvp', model: null, supabase: true });
    expect(answers.agents).toEqual(registry.stacks.find((s) => s.id === 'react-chat')!.agents.map((a) => a.name));
  });

  it('defaults the stack to the one the prompt preselects', async () => {
    const answers = await resolveAnswers({ ...base(), yes: true });
    expect(answers.stack).toBe(registry.defaultStack);
  });

  it('always keeps the lead agent and keeps registry order', async () => {
    const answers = await resolveAnswers({ ...base(), dir: 'x', flags: { stack: 'react-chat', agents: 'test-engineer,database-engineer' } });
    expect(answers.agents).toEqual(['backend-architect', 'database-engineer', 'test-engineer']);
  });

  it('without a terminal and without --yes, names the missing flags and shows an example', async () => {
    await expect(resolveAnswers(base())).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/--stack and a folder argument/),
      hint: expect.stringMatching(/create-agents my-project --stack vue-crm --yes/),
    });
  });

  it('never prompts without a terminal', async () => {
    let asked = 0;
    await resolveAnswers({ ...base(), yes: true }, async () => {
      asked++;
      return undefined;
    });
    expect(asked).toBe(0);
  });

  it('prompts for what is missing on a terminal, and only that', async () => {
    const asked: string[] = [];
    const answers = await resolveAnswers({ ...base(), interactive: true, flags: { stack: 'supabase', model: 'opus' } }, async (q, ctx) => {
      asked.push(q.key);
      return q.key === 'dir' ? 'here' : q.default(ctx);
    });
    expect(asked).toEqual(['dir', 'name', 'agents', 'supabase', 'kit', 'git']);
    expect(answers).toMatchObject({ dir: 'here', stack: 'supabase', model: 'opus' });
  });

  it.each([
    [{ stack: 'angular' }, /Unknown stack "angular".*/, /vue-crm, astro-ims, react-chat, n8n-api, supabase/],
    [{ stack: 'react-chat', agents: 'nobody' }, /Unknown agent "nobody"/, /backend-architect, database-engineer/],
    [{ stack: 'react-chat', model: 'gpt' }, /Unknown model "gpt"/, /sonnet, opus, haiku, inherit/],
    [{ stack: 'react-chat', name: '' }, /display name cannot be empty/, undefined],
    [{ stack: 'react-chat', name: 'a\u0000b' }, /control characters/, undefined],
  ])('rejects %j with exit 2 and the valid values', async (flags, message, hint) => {
    const error = await resolveAnswers({ ...base(), yes: true, flags }).catch((e) => e);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    if (hint) expect(error.hint).toMatch(hint);
  });

  it('uses recorded answers after flags, and refuses a damaged one with a clear message', async () => {
    const recorded = { stack: 'supabase', name: 'Recorded', agents: ['backend-architect'], model: null, supabase: false, git: false };
    const answers = await resolveAnswers({ ...base(), dir: '.', recorded, flags: { model: 'opus' } });
    expect(answers).toMatchObject({ stack: 'supabase', name: 'Recorded', model: 'opus', supabase: false });
    for (const bad of [{ name: 'a\u0000b' }, { stack: 'gone' }, { agents: ['ghost'] }, { model: 'gpt' }, { supabase: 'yes' }]) {
      const error = await resolveAnswers({ ...base(), dir: '.', recorded: { ...recorded, ...bad } as never }).catch((e) => e);
      expect(error.message).toMatch(/recorded answer .* in \.create-agents\.json is not valid/);
    }
  });
});
