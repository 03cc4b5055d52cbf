import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSettings } from '../src/check/settings-rules.js';
import { memoryTree } from '../src/check/tree.js';
import { claudeDoctor, permissionProbe, settingsProject, type ToolCall } from './helpers/claude-settings.js';
import { REPO } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';
import { hasTmux } from './helpers/tmux.js';

const STACKS = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks as string[];
const VARIANTS = [
  { label: 'default', supabase: true },
  { label: '--no-supabase', supabase: false },
];

/** Every stack in every variant, by the settings file it renders (stacks that render the same file share a run of Claude Code). */
const renders = new Map<string, string[]>();

beforeAll(async () => {
  for (const stack of STACKS) {
    for (const variant of VARIANTS) {
      const dir = await renderProject(stack, { supabase: variant.supabase });
      const settings = readFileSync(join(dir, '.claude/settings.json'), 'utf8');
      renders.set(settings, [...(renders.get(settings) ?? []), `${stack} ${variant.label}`]);
    }
  }
}, 120_000);

const tmux = hasTmux();
if (!tmux) console.log('Skipping claude doctor: tmux is not installed (apt-get install tmux).');

describe.skipIf(!tmux)('claude doctor (Claude Code 2.1.197) validates the settings', () => {
  it('every stack and variant renders a file it accepts', async () => {
    // Supabase on or off is the only difference today; a stack that renders its own file adds a run.
    expect(renders.size).toBeGreaterThanOrEqual(2);
    for (const [settings, who] of renders) {
      const { invalid, screen } = await claudeDoctor(settingsProject(settings));
      expect(screen, who.join(', ')).toMatch(/Diagnostics/);
      expect(invalid, `${who.join(', ')}\n${invalid}`).toBeNull();
    }
  }, 300_000);

  it('and reports a file it does not accept, rule by rule (so the check above can fail)', async () => {
    const [settings] = [...renders.keys()].filter((s) => s.includes('npx deno test'));
    const broken = settings!.replace('"Bash(npx deno test *)"', '"Bash(npx deno test:*:x)"').replace('"Read(.env)"', '"Read(.env"');
    const { invalid } = await claudeDoctor(settingsProject(broken));
    expect(invalid).toMatch(/Invalid permission rule "Bash\(npx deno test:\*:x\)" was skipped/);
    expect(invalid).toMatch(/Invalid permission rule "Read\(\.env" was skipped/);
    // create-agents check flags the same two rules.
    const ours = await checkSettings(memoryTree([{ path: '.claude/settings.json', content: broken }]));
    expect(ours.map((f) => f.message)).toEqual([expect.stringContaining('"Bash(npx deno test:*:x)"'), expect.stringContaining('"Read(.env"')]);
    const notJson = await claudeDoctor(settingsProject(settings!.replace(/\n}\n$/, ',\n}\n')));
    expect(notJson.invalid).toMatch(/Invalid or malformed JSON/);
  }, 300_000);
});

/** A project with secrets where the Supabase CLI puts them, and a .env.example to read. */
function withSecrets(settings: string): string {
  const dir = settingsProject(settings);
  mkdirSync(join(dir, 'supabase/functions'), { recursive: true });
  mkdirSync(join(dir, 'web'));
  for (const path of ['.env', '.env.local', '.env.production', 'supabase/.env', 'supabase/functions/.env', 'web/.env'])
    writeFileSync(join(dir, path), 'SECRET=1\n');
  writeFileSync(join(dir, '.env.example'), 'SECRET=\n');
  return dir;
}

const read = (id: string, path: string): ToolCall => ({ id, name: 'Read', input: { file_path: path } });
const bash = (id: string, command: string): ToolCall => ({ id, name: 'Bash', input: { command, description: id } });

describe("Claude Code's own permission check applies the rules", () => {
  it('with Supabase: .env files unreadable (also through cat), .env.example readable, the checks run, hosted changes wait for you', async () => {
    const [settings] = [...renders.keys()].filter((s) => s.includes('npx supabase'));
    const dir = withSecrets(settings!);
    const calls = [
      read('env', join(dir, '.env')),
      read('env-local', join(dir, '.env.local')),
      read('env-production', join(dir, '.env.production')),
      read('supabase-env', join(dir, 'supabase/.env')),
      read('functions-env', join(dir, 'supabase/functions/.env')),
      read('nested-env', join(dir, 'web/.env')),
      read('example', join(dir, '.env.example')),
      bash('cat-env', 'cat .env'),
      bash('migration-new', 'npx supabase migration new add_notes'),
      bash('advisors', 'npx supabase db advisors'),
      bash('deno-test', 'npx deno test supabase/functions'),
      bash('deno-check', 'npx deno check supabase/functions/hello/index.ts'),
      bash('check', 'npx create-agents check'),
      bash('push', 'npx supabase db push'),
      bash('deploy', 'npx supabase functions deploy hello'),
      bash('secrets', 'npx supabase secrets set KEY=value'),
      bash('reset-linked', 'npx supabase db reset --linked'),
      bash('advisors-remote', 'npx supabase db advisors --level warn --remote'),
      bash('status', 'npx supabase status'),
    ];
    // Even with every npx command allowed on the command line, the ask rules hold.
    const { results, denied } = await permissionProbe(dir, calls, ['--allowedTools', 'Bash(npx *)']);
    const refused = (id: string) => results.get(id)?.isError === true;
    for (const id of ['env', 'env-local', 'env-production', 'supabase-env', 'functions-env', 'nested-env']) {
      expect(refused(id), id).toBe(true);
      expect(results.get(id)!.content, id).toMatch(/denied by your permission settings/);
    }
    expect(refused('cat-env')).toBe(true);
    expect(results.get('example')).toEqual({ isError: false, content: expect.stringContaining('SECRET=') });
    for (const id of ['migration-new', 'advisors', 'deno-test', 'deno-check', 'check', 'status']) {
      expect(results.get(id), id).toEqual({ isError: false, content: expect.stringMatching(/^ran npx /) });
    }
    for (const id of ['push', 'deploy', 'secrets', 'reset-linked', 'advisors-remote']) expect(denied, id).toContain(id);
    expect(denied).not.toContain('status');
  }, 180_000);

  it('the project allow rules alone run the checks; without Supabase only create-agents check is allowed', async () => {
    const [withSupabase] = [...renders.keys()].filter((s) => s.includes('npx supabase'));
    const [without] = [...renders.keys()].filter((s) => !s.includes('supabase'));
    const calls = [bash('migration-new', 'npx supabase migration new add_notes'), bash('check', 'npx create-agents check'), bash('other', 'npx cowsay hi')];
    const on = await permissionProbe(withSecrets(withSupabase!), calls);
    expect(on.denied.sort()).toEqual(['other']);
    const offDir = withSecrets(without!);
    const off = await permissionProbe(offDir, [...calls, read('env', join(offDir, '.env')), read('example', join(offDir, '.env.example'))]);
    expect(off.denied.sort()).toEqual(['migration-new', 'other']);
    expect(off.results.get('check')).toEqual({ isError: false, content: 'ran npx create-agents check' });
    expect(off.results.get('env')?.isError).toBe(true);
    expect(off.results.get('example')?.isError).toBe(false);
  }, 180_000);
});
