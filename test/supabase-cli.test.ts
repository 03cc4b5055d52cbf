// The Supabase CLI itself accepts every stack's supabase/config.toml, and the same check fails on a
// broken one. `supabase functions new` loads and validates config.toml before it does anything.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOf, functionNames, generatedProject, output, PROJECT_DIR, STACKS, supabase } from './helpers/tools.js';

/** Each stack's functions and who calls them: signed-in users, or other services (public webhooks). */
const FUNCTIONS: Record<string, Record<string, 'user' | 'none'>> = {
  'vue-crm': { 'crm-business-logic': 'user' },
  'astro-ims': { 'notify-installer': 'user' },
  'react-chat': {
    'instagram-webhook': 'none',
    'messenger-webhook': 'none',
    'send-message': 'user',
    'stripe-webhook': 'none',
    'whatsapp-webhook': 'none',
  },
  'n8n-api': { 'n8n-callback': 'none', 'trigger-workflow': 'user' },
  supabase: { hello: 'user' },
};

const UNKNOWN_KEYS = /does not recognize/;

/** Loads config.toml the way the CLI does before creating a function; returns the result. */
async function cliLoads(project: string) {
  const result = await supabase(['functions', 'new', 'probe', '--yes'], project);
  return { result, created: existsSync(join(project, 'supabase/functions/probe/index.ts')) };
}

function editConfig(project: string, edit: (toml: string) => string): void {
  const path = join(project, 'supabase/config.toml');
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, 'the edit changed the file').not.toBe(before);
  writeFileSync(path, after);
}

// biome-ignore lint/suspicious/noExplicitAny: config.toml is read as loose TOML.
type Config = Record<string, any>;

describe.each(STACKS)('%s: supabase/config.toml', (stack) => {
  let project: string;
  let config: Config;
  beforeAll(async () => {
    project = await generatedProject(stack);
    config = parse(readFileSync(join(project, 'supabase/config.toml'), 'utf8')) as Config;
  });

  it('is accepted by the Supabase CLI, with no key it does not recognize', async () => {
    const copy = copyOf(project);
    const { result, created } = await cliLoads(copy);
    expect(result.exitCode, output(result)).toBe(0);
    expect(created).toBe(true);
    expect(output(result)).not.toMatch(UNKNOWN_KEYS);
    // The CLI added its own block to our file, and the result still parses.
    const after = parse(readFileSync(join(copy, 'supabase/config.toml'), 'utf8')) as Config;
    expect(Object.keys(after.functions).sort()).toEqual([...Object.keys(FUNCTIONS[stack]!), 'probe'].sort());
  });

  const broken: [string, (toml: string) => string, RegExp][] = [
    ['a port that is not a number', (t) => t.replace(/^port = 54321$/m, 'port = "abc"'), /api\.port/],
    ['a TOML syntax error', (t) => `${t}\n[functions.broken\n`, /TOML/],
    ['verify_jwt that is not a boolean', (t) => t.replace(/^verify_jwt = (true|false)$/m, 'verify_jwt = "sometimes"'), /verify_jwt/],
  ];
  it.each(broken)('is refused by the same check with %s', async (_name, edit, message) => {
    const copy = copyOf(project);
    editConfig(copy, edit);
    const { result, created } = await cliLoads(copy);
    expect(result.exitCode, output(result)).not.toBe(0);
    expect(output(result)).toMatch(message);
    expect(created).toBe(false);
  });

  it('would warn about a key the CLI does not know (so the warning check can fail)', async () => {
    const copy = copyOf(project);
    editConfig(copy, (t) => t.replace('[api]\n', '[api]\nbogus_key = 1\n'));
    const { result } = await cliLoads(copy);
    expect(output(result)).toMatch(UNKNOWN_KEYS);
  });

  it('takes project_id from the folder name and seeds from ./seed.sql', () => {
    expect(config.project_id).toBe(PROJECT_DIR);
    expect(config.db.seed).toEqual({ enabled: true, sql_paths: ['./seed.sql'] });
    expect(existsSync(join(project, 'supabase/seed.sql'))).toBe(true);
  });

  it('has one [functions.<name>] block per function folder, with verify_jwt = false: each function checks its caller', () => {
    expect(functionNames(project)).toEqual(Object.keys(FUNCTIONS[stack]!).sort());
    expect(Object.keys(config.functions).sort()).toEqual(functionNames(project));
    for (const [name, auth] of Object.entries(FUNCTIONS[stack]!)) {
      const block = config.functions[name];
      expect(block, name).toEqual({
        enabled: true,
        verify_jwt: false,
        import_map: `./functions/${name}/deno.json`,
        entrypoint: `./functions/${name}/index.ts`,
      });
      expect(existsSync(join(project, 'supabase', block.import_map)), block.import_map).toBe(true);
      expect(existsSync(join(project, 'supabase', block.entrypoint)), block.entrypoint).toBe(true);
      // A function for signed-in users gets them from currentUser, which verifies the JWT; a public one
      // never asks for a user (it checks its own signature).
      const index = readFileSync(join(project, 'supabase', block.entrypoint), 'utf8');
      if (auth === 'user') expect(index, name).toMatch(/import \{[^}]*\bcurrentUser\b[^}]*\} from "\.\.\/_shared\/supabase\.ts"/);
      else expect(index, name).not.toMatch(/\bcurrentUser\b/);
    }
  });

  it("switches on the stack's needs", () => {
    const google = config.auth.external.google;
    if (stack === 'astro-ims') {
      expect(google).toMatchObject({
        enabled: true,
        client_id: 'env(SUPABASE_AUTH_EXTERNAL_GOOGLE_CLIENT_ID)',
        secret: 'env(SUPABASE_AUTH_EXTERNAL_GOOGLE_SECRET)',
      });
      expect(config.auth.site_url).toBe('http://localhost:4321');
      expect(config.auth.additional_redirect_urls).toContain('http://localhost:4321/auth/callback');
    } else {
      expect(google).toBeUndefined();
    }
    if (stack === 'react-chat') expect(config.realtime.enabled).toBe(true);
    if (stack === 'vue-crm' || stack === 'react-chat') expect(config.auth.site_url).toBe('http://localhost:5173');
    // Go template syntax the CLI fills in must survive Handlebars.
    expect(config.auth.sms.template).toBe('Your code is {{ .Code }}');
  });
});
