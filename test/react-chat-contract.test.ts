// react-chat's webhooks and the team's text share one definition: stack.json "contract". The code
// reads it from the rendered supabase/functions/_shared/contract.ts, CLAUDE.md and the agents quote it.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import { REPO, tempDir } from './helpers/cli.js';

const STACK_JSON = join(REPO, 'templates/stacks/react-chat/stack.json');
// biome-ignore lint/suspicious/noExplicitAny: stack.json is read as loose JSON.
const stack: Record<string, any> = JSON.parse(readFileSync(STACK_JSON, 'utf8'));

async function render(templates: string, supabase = true) {
  const answers: Answers = {
    dir: 'app',
    stack: 'react-chat',
    name: 'Chatly MVP',
    agents: stack.agents.map((a: { name: string }) => a.name),
    model: null,
    supabase,
    kit: [],
    git: false,
  };
  const files = await renderProject(await folderSource(templates), answers, 'app');
  return (path: string) => files.find((f) => f.path === path)?.content ?? '';
}

describe('react-chat: one contract for the webhooks and the team', () => {
  it('names only variables .env.example gets and functions the starter ships', async () => {
    const { meta, stripe, send } = stack.contract;
    const secrets = stack.supabase.secrets.map((s: { name: string }) => s.name);
    const channels = Object.values(meta.channels) as Array<{ functionName: string; verifyTokenVar: string }>;
    const tokens = (Object.values(send.channels) as Array<{ tokenVar: string }>).map((c) => c.tokenVar);
    expect(secrets).toEqual(expect.arrayContaining([meta.appSecretVar, stripe.webhookSecretVar, ...channels.map((c) => c.verifyTokenVar), ...tokens]));
    expect(Object.keys(send.channels).sort()).toEqual(Object.keys(meta.channels).sort());
    const read = await render(join(REPO, 'templates'));
    for (const name of [...channels.map((c) => c.functionName), stripe.functionName, send.functionName]) {
      expect(read(`supabase/functions/${name}/index.ts`), name).toMatch(/Deno\.serve\(createHandler\(/);
    }
    for (const name of [stripe.webhookSecretVar, ...tokens]) expect(read('.env.example')).toContain(`\n${name}=`);
  });

  it('renders a changed name into the code, CLAUDE.md and the agents alike', async () => {
    const templates = join(tempDir(), 'templates');
    cpSync(join(REPO, 'templates'), templates, { recursive: true });
    const changed = structuredClone(stack);
    changed.contract.meta.signatureHeader = 'X-Probe-Signature';
    changed.contract.stripe.events = ['customer.subscription.probed'];
    changed.contract.meta.channels.whatsapp.verifyTokenVar = 'PROBE_VERIFY_TOKEN';
    changed.supabase.secrets.find((s: { name: string }) => s.name === 'WHATSAPP_VERIFY_TOKEN').name = 'PROBE_VERIFY_TOKEN';
    changed.contract.send.body.text = 'probeText';
    changed.contract.send.channels.messenger.tokenVar = 'PROBE_PAGE_TOKEN';
    changed.supabase.secrets.find((s: { name: string }) => s.name === 'MESSENGER_PAGE_ACCESS_TOKEN').name = 'PROBE_PAGE_TOKEN';
    writeFileSync(join(templates, 'stacks/react-chat/stack.json'), JSON.stringify(changed));
    const read = await render(templates);
    const code = read('supabase/functions/_shared/contract.ts');
    for (const name of ['X-Probe-Signature', 'customer.subscription.probed', 'PROBE_VERIFY_TOKEN']) {
      expect(code, `contract.ts: ${name}`).toContain(`"${name}"`);
      expect(read('CLAUDE.md'), `CLAUDE.md: ${name}`).toContain(`\`${name}\``);
    }
    expect(read('.claude/agents/security-vulnerability-analyzer.md')).toContain('`X-Probe-Signature`');
    expect(read('.claude/agents/stripe-payment-integrator.md')).toContain('`customer.subscription.probed`');
    expect(read('.claude/agents/test-engineer.md')).toContain('`X-Probe-Signature: sha256=<hex>`');
    expect(read('.env.example')).toContain('PROBE_VERIFY_TOKEN=');
    expect(code).toContain('text: "probeText"');
    expect(code).toContain('tokenVar: "PROBE_PAGE_TOKEN"');
    for (const file of ['CLAUDE.md', '.claude/agents/frontend-react-engineer.md', '.claude/agents/security-vulnerability-analyzer.md']) {
      expect(read(file), file).toContain('{ conversationId, probeText }');
    }
    for (const file of ['CLAUDE.md', '.claude/agents/security-vulnerability-analyzer.md', '.claude/agents/test-engineer.md']) {
      expect(read(file), file).toContain('`PROBE_PAGE_TOKEN`');
      expect(read(file), file).not.toContain('MESSENGER_PAGE_ACCESS_TOKEN');
    }
    for (const text of [read('CLAUDE.md'), read('.claude/agents/security-vulnerability-analyzer.md')]) {
      expect(text).not.toContain('X-Hub-Signature-256');
      expect(text).not.toContain('WHATSAPP_VERIFY_TOKEN');
    }
  });

  it('gives every agent but the lead a short description with one example', async () => {
    const read = await render(join(REPO, 'templates'));
    for (const { name } of stack.agents.filter((a: { name: string }) => a.name !== stack.lead)) {
      const text = read(`.claude/agents/${name}.md`);
      const { description } = parse(text.split('\n---\n')[0]!.replace(/^---\n/, ''));
      expect(description.length, name).toBeLessThanOrEqual(600);
      expect(description.match(/<example>/g), name).toHaveLength(1);
      expect(text, `${name} ends with the handoffs section`).toMatch(/## Handoffs\n[\s\S]*$/);
      expect(text.match(/^## Handoffs$/gm), `${name}: one handoffs section`).toHaveLength(1);
    }
  });
});
