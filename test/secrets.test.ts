// No generated file carries a secret: every rendered file of every stack is searched for anything
// that looks like a key or token, secrets in config.toml go through env(...), .env files are
// git-ignored (checked by git itself) and .env.example names every variable and holds no value.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOf, generatedProject, git, listFiles, output, STACKS } from './helpers/tools.js';

interface Finding {
  file: string;
  line: number;
  rule: string;
  match: string;
}

type Rule = [name: string, pattern: RegExp, accept?: (match: string, line: string) => boolean];

const mixed = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

const RULES: Rule[] = [
  ['JWT', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g],
  ['Stripe secret key', /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g],
  ['Stripe webhook secret', /\bwhsec_[A-Za-z0-9]{8,}/g],
  ['Supabase secret key', /\bsb_secret_[A-Za-z0-9_-]{8,}/g],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/g],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{20,}/g],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/g],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}/g],
  ['OpenAI or Anthropic key', /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g],
  [
    'database URL with a password',
    /\bpostgres(?:ql)?:\/\/[^:/\s]+:[^@\s]+@[^\s]+/g,
    // The fixed password of the local development database that `supabase start` prints.
    (m) => /^postgres(?:ql)?:\/\/postgres:postgres@(?:127\.0\.0\.1|localhost)[:/]/.test(m),
  ],
  // The file hashes create-agents records in .create-agents.json are not secrets.
  ['long hex string', /\b[0-9a-fA-F]{32,}\b/g, (_m, line) => /^\s*"sha256":\s*"[0-9a-f]{64}",?$/.test(line)],
  ['long random base64 string', /[A-Za-z0-9+/_-]{40,}={0,2}/g, (m) => !mixed(m)],
];

/** Everything in `text` that looks like a key or token. */
function findSecrets(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    for (const [rule, pattern, accept] of RULES) {
      for (const m of line.matchAll(pattern)) {
        if (!accept?.(m[0], line)) findings.push({ file, line: index + 1, rule, match: m[0] });
      }
    }
    // TOML: a key naming a secret must take its value from env(...), even when commented out.
    const toml = /^\s*#?\s*([A-Za-z0-9_]*(?:secret|password|pass|token|key))\s*=\s*"(?!env\([A-Z0-9_]+\)")([^"]*)"/i;
    const t = file.endsWith('.toml') ? toml.exec(line) : null;
    if (t) findings.push({ file, line: index + 1, rule: 'literal secret in TOML', match: t[0].trim() });
    // .env files: variables naming a secret stay empty.
    const env = /^\s*#?\s*([A-Z0-9_]*(?:SECRET|PASSWORD|TOKEN|KEY)[A-Z0-9_]*)=(.+)$/.exec(line);
    if (env && /(^|\/)\.env[^/]*$/.test(file)) findings.push({ file, line: index + 1, rule: 'value in .env file', match: env[1]! });
  });
  return findings;
}

describe('the secret detector', () => {
  // Built from pieces at run time, so that this file holds no key-like string itself.
  const j = (...parts: string[]) => parts.join('');
  const samples: [string, string, string][] = [
    ['JWT', 'a.ts', j('const k = "eyJ', 'hbGciOiJIUzI1NiJ9.eyJ', 'yb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl"')],
    ['Stripe secret key', 'a.md', j('STRIPE=sk_', 'live_', '51Hx9aQ2eZvKYlo2C8u3o')],
    ['Stripe webhook secret', 'a.md', j('whsec_', 'Q2eZvKYlo2C8u3oAbCd')],
    ['Supabase secret key', 'a.ts', j('sb_secret_', 'N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz')],
    ['private key', 'key.pem', j('-----BEGIN ', 'RSA PRIVATE KEY-----')],
    ['AWS access key', 'a.sh', j('AKIA', 'IOSFODNN7EXAMPLE')],
    ['OpenAI or Anthropic key', 'a.md', j('sk-', 'ant-', 'api03-abcdefghijklmnopqrstuv')],
    ['database URL with a password', 'a.md', j('postgres://app:', 'hunter2@db.example.com:5432/app')],
    ['long hex string', 'a.sql', j("select '", '9f86d081884c7d659a2feaa0c55ad015', "a3bf4f1b2b0b822cd15d6c15b0f00a08'")],
    ['long random base64 string', 'a.ts', j('"q8Xr2LmP9vZ', 'kT4wN7bH1cYf', 'D6sJ3gQ0uEoA5iRnW"')],
    ['literal secret in TOML', 'config.toml', 'secret = "my-google-client-secret"'],
    ['literal secret in TOML', 'config.toml', '# auth_token = ""'],
    ['value in .env file', '.env.example', 'META_APP_SECRET=abc'],
  ];
  it.each(samples)('flags a %s', (rule, file, text) => {
    expect(findSecrets(file, text).map((f) => f.rule)).toContain(rule);
  });

  it('leaves env(...) references, ids, hashes in the record and the local database URL alone', () => {
    const clean = [
      'secret = "env(SUPABASE_AUTH_EXTERNAL_GOOGLE_SECRET)"',
      'openai_api_key = "env(OPENAI_API_KEY)"',
      'const user = "5b0c5d0e-8c1a-4d38-9a4e-1f2a3b4c5d6e";',
      j('      "sha256": "', 'b8b8452c997e9ea948c112080351d9ba', '45fb7280e644536580651c1f02d388c7",'),
      'psql postgresql://postgres:postgres@127.0.0.1:54322/postgres',
      'import { handler } from "../_shared/meta-webhook.testing.ts";',
    ].join('\n');
    expect(findSecrets('config.toml', clean)).toEqual([]);
    expect(findSecrets('.env.example', 'META_APP_SECRET=\n# N8N_WEBHOOK_SECRET=')).toEqual([]);
  });
});

/** Variables read by supabase/config.toml (env(...)), by the Edge Functions (names in their code) and by .mcp.json (${...}). */
function variablesRead(project: string): Set<string> {
  const names = new Set<string>();
  const mcp = join(project, '.mcp.json');
  if (existsSync(mcp)) for (const m of readFileSync(mcp, 'utf8').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  const config = readFileSync(join(project, 'supabase/config.toml'), 'utf8');
  for (const line of config.split('\n').filter((l) => !l.trimStart().startsWith('#'))) {
    for (const m of line.matchAll(/env\(([A-Z0-9_]+)\)/g)) names.add(m[1]!);
  }
  const functions = join(project, 'supabase/functions');
  for (const file of listFiles(functions).filter((f) => f.endsWith('.ts') && !/test|assert/.test(f))) {
    for (const m of readFileSync(join(functions, file), 'utf8').matchAll(/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g)) names.add(m[1]!);
  }
  // The app is the user's to create: what it will read is what the agents and CLAUDE.md tell it to read.
  const agents = join(project, '.claude/agents');
  const texts = [join(project, 'CLAUDE.md'), ...listFiles(agents).map((f) => join(agents, f))];
  for (const text of texts.map((f) => readFileSync(f, 'utf8'))) {
    for (const span of text.matchAll(/`([^`\n]+)`/g)) {
      for (const m of span[1]!.matchAll(/(?:import\.meta\.env\.|^)([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)) names.add(m[1]!);
    }
  }
  return names;
}

describe.each(STACKS)('%s: secrets', (stack) => {
  let project: string;
  beforeAll(async () => {
    project = await generatedProject(stack);
  });

  it('no generated file contains anything that looks like a key or token', () => {
    const files = listFiles(project);
    expect(files).toContain('supabase/config.toml');
    const findings = files.flatMap((file) => findSecrets(file, readFileSync(join(project, file), 'utf8')));
    expect(findings).toEqual([]);
  });

  it('config.toml takes every secret from env(...)', () => {
    const config = parse(readFileSync(join(project, 'supabase/config.toml'), 'utf8'));
    const literal: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'string') {
        if (/(secret|password|pass|token|_key)$/i.test(path) && !/^env\([A-Z0-9_]+\)$/.test(value)) literal.push(path);
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      }
    };
    walk(config, '');
    expect(literal).toEqual([]);
  });

  it('.env.example names every variable the config, the functions and the app the agents describe read, and only those', () => {
    const example = readFileSync(join(project, '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map((m) => m[1]!));
    const read = variablesRead(project);
    expect([...read].filter((n) => !listed.has(n))).toEqual([]);
    const assigned = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect(
      assigned.filter((n) => !read.has(n)),
      'variables no file reads',
    ).toEqual([]);
  });

  it('.env files are git-ignored and .env.example is not (asked of git)', async (ctx) => {
    const copy = copyOf(project);
    expect((await git(['init', '-q'], copy)).exitCode).toBe(0);
    const secrets = ['supabase/.env', 'supabase/functions/.env', 'supabase/.env.local'];
    for (const file of [...secrets, '.env.example', '.env']) writeFileSync(join(copy, file), '');
    for (const file of secrets) {
      const result = await git(['check-ignore', '-q', file], copy);
      expect(result.exitCode, `${file} must be ignored\n${output(result)}`).toBe(0);
    }
    expect((await git(['check-ignore', '-q', '.env.example'], copy)).exitCode, '.env.example is committed').toBe(1);
    // The project root's .gitignore comes from the stack's files/, when it has one.
    if (!existsSync(join(copy, '.gitignore'))) ctx.skip('no .gitignore at the project root: .env there is not covered');
    expect((await git(['check-ignore', '-q', '.env'], copy)).exitCode, '.env must be ignored').toBe(0);
  });
});
