// Deno itself type-checks every generated Edge Function and runs the tests that ship next to them.
// A few deliberately broken copies show that those tests fail when the security checks are removed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOf, deno, functionNames, generatedProject, listFiles, output, STACKS, TEMPLATES } from './helpers/tools.js';

const SHARED = ['assert.ts', 'cors.ts', 'env.ts', 'http.ts', 'signature.test.ts', 'signature.ts', 'supabase.ts'];

/** Modules that reach the network or the database: only index.ts files may load them. */
const RUNTIME_ONLY = /_shared\/(supabase|chat-store)\.ts/;

/** The import specifiers of a TypeScript module (static, type-only and dynamic). */
function importsOf(source: string): string[] {
  const found = [...source.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
  found.push(...[...source.matchAll(/import\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
  found.push(...[...source.matchAll(/^\s*import\s+["']([^"']+)["']/gm)].map((m) => m[1]!));
  return found;
}

/** "ok | 35 passed | 0 failed" from deno test's summary. */
function summary(text: string): { passed: number; failed: number } | null {
  const m = /(ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(text);
  return m ? { passed: Number(m[2]), failed: Number(m[3]) } : null;
}

describe.each(STACKS)('%s: Edge Functions', (stack) => {
  let project: string;
  let functionsDir: string;
  let sources: string[];
  beforeAll(async () => {
    project = await generatedProject(stack);
    functionsDir = join(project, 'supabase/functions');
    sources = listFiles(functionsDir).filter((f) => f.endsWith('.ts'));
  });

  it('import only relative modules and npm: packages (no jsr:, no https:)', () => {
    const maps = functionNames(project).map((name) => {
      const map: Record<string, string> = JSON.parse(readFileSync(join(functionsDir, name, 'deno.json'), 'utf8')).imports ?? {};
      for (const target of Object.values(map)) expect(target, `${name}/deno.json`).toMatch(/^npm:/);
      return map;
    });
    for (const file of sources) {
      for (const specifier of importsOf(readFileSync(join(functionsDir, file), 'utf8'))) {
        if (/^\.\.?\//.test(specifier) || specifier.startsWith('npm:')) continue;
        // A bare name must come from the import map of every function (a _shared module serves them all).
        for (const map of maps) expect(map[specifier], `${file} imports ${specifier}`).toMatch(/^npm:/);
      }
    }
  });

  it('keep the logic in handler.ts: index.ts only wires Deno.serve, tests never start a server', () => {
    for (const name of functionNames(project)) {
      const read = (f: string) => readFileSync(join(functionsDir, name, f), 'utf8');
      expect(read('index.ts'), `${name}/index.ts`).toMatch(/^Deno\.serve\(createHandler\(/m);
      expect(importsOf(read('index.ts')), `${name}/index.ts`).toContain('./handler.ts');
      expect(read('handler.ts'), `${name}/handler.ts`).not.toMatch(/Deno\.serve|edge-runtime/);
      expect(importsOf(read('handler.test.ts')), `${name}/handler.test.ts`).toContain('./handler.ts');
    }
    const loadedByTests = sources.filter((f) => !f.endsWith('/index.ts') && !RUNTIME_ONLY.test(f));
    for (const file of loadedByTests) {
      const source = readFileSync(join(functionsDir, file), 'utf8');
      expect(source, file).not.toMatch(/Deno\.serve\(|edge-runtime\.d\.ts/);
      for (const specifier of importsOf(source)) expect(specifier, `${file} loads ${specifier}`).not.toMatch(RUNTIME_ONLY);
    }
  });

  it('share identical _shared helpers with the other stacks', () => {
    const reference = join(TEMPLATES, 'stacks/supabase/supabase/supabase/functions/_shared');
    for (const file of SHARED) {
      expect(readFileSync(join(functionsDir, '_shared', file), 'utf8'), file).toBe(readFileSync(join(reference, file), 'utf8'));
    }
  });

  it('pass deno check (index.ts with its deno.json)', async () => {
    for (const name of functionNames(project)) {
      const result = await deno(['check', '--no-lock', '--config', `${name}/deno.json`, `${name}/index.ts`], functionsDir);
      expect(result.exitCode, `${name}: ${output(result)}`).toBe(0);
    }
  });

  it('pass their own Deno tests', async () => {
    for (const name of functionNames(project)) {
      expect(sources, `${name} has a test next to it`).toContain(`${name}/handler.test.ts`);
    }
    const result = await deno(['test', '--no-lock', 'supabase/functions/'], project);
    expect(result.exitCode, output(result)).toBe(0);
    const counts = summary(String(result.stdout));
    expect(counts, output(result)).not.toBeNull();
    expect(counts!.failed).toBe(0);
    expect(counts!.passed).toBeGreaterThanOrEqual(MIN_TESTS[stack]!);
  });
});

/** At least this many Deno tests per stack, so that a test file that stops loading is noticed. */
const MIN_TESTS: Record<string, number> = { 'vue-crm': 9, 'astro-ims': 10, 'react-chat': 35, 'n8n-api': 18, supabase: 9 };

interface Mutation {
  stack: string;
  file: string;
  from: string;
  to: string;
  /** A test (by name) that must now fail. */
  failing: string;
}

const MUTATIONS: Mutation[] = [
  {
    stack: 'react-chat',
    file: '_shared/signature.ts',
    from: 'return diff === 0;',
    to: 'return true;',
    failing: 'a wrong, missing or malformed signature is 401 and nothing is stored',
  },
  {
    stack: 'react-chat',
    file: '_shared/meta-webhook.ts',
    from: 'timingSafeEqual(token, expectedToken)',
    to: 'token.length > 0',
    failing: 'GET with a wrong or missing token or mode is 403 and echoes nothing',
  },
  {
    stack: 'n8n-api',
    file: 'n8n-callback/handler.ts',
    from: '> MAX_AGE_SECONDS',
    to: '> MAX_AGE_SECONDS * 1000',
    failing: 'a timestamp older than five minutes is rejected as a replay',
  },
  {
    stack: 'n8n-api',
    file: 'n8n-callback/handler.ts',
    from: 'duplicate: saved.duplicate',
    to: 'duplicate: false',
    failing: 'a second delivery with the same idempotency key is ignored with duplicate: true',
  },
  {
    stack: 'n8n-api',
    file: 'trigger-workflow/handler.ts',
    from: 'retry.baseDelayMs * 2 ** (attempt - 2)',
    to: 'retry.baseDelayMs',
    failing: 'retries 5xx and network errors with exponential backoff, then succeeds',
  },
];

describe('the Deno tests catch a broken security check', () => {
  it.each(MUTATIONS)('$stack $file: "$from" → "$to"', async ({ stack, file, from, to, failing }) => {
    const project = copyOf(await generatedProject(stack));
    const path = join(project, 'supabase/functions', file);
    const source = readFileSync(path, 'utf8');
    expect(source, `${file} still contains the code this test breaks`).toContain(from);
    writeFileSync(path, source.replace(from, to));
    const result = await deno(['test', '--no-lock', 'supabase/functions/'], project);
    expect(result.exitCode, output(result)).not.toBe(0);
    expect(String(result.stdout)).toMatch(new RegExp(`${escape(failing)} \\.\\.\\. FAILED`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
