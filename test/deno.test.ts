// Deno itself type-checks every generated Edge Function and runs the tests that ship next to them.
// A few deliberately broken copies show that those tests fail when the security checks are removed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSupabaseFolder, supabaseDb } from './helpers/pglite.js';
import { copyOf, deno, functionNames, generatedProject, listFiles, output, STACKS, TEMPLATES } from './helpers/tools.js';

const SHARED = ['assert.ts', 'auth.test.ts', 'auth.ts', 'cors.ts', 'env.ts', 'http.ts', 'signature.test.ts', 'signature.ts', 'supabase.ts'];

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
        // Deno maps a package's subpaths (`@supabase/server/core`) through the package's entry.
        const name = /^(@[^/]+\/[^/]+|[^/]+)/.exec(specifier)![1]!;
        for (const map of maps) expect(map[name], `${file} imports ${specifier}`).toMatch(/^npm:/);
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

  it('hold the _shared helpers every stack shares (templates/shared/)', () => {
    const reference = join(TEMPLATES, 'shared/supabase/functions/_shared');
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

  it('pass deno lint', async () => {
    const result = await deno(['lint', '--no-config', 'supabase/functions/'], project);
    expect(result.exitCode, output(result)).toBe(0);
  });

  it("pass deno check, lint and fmt --check from the project root, with the project's deno.json", async () => {
    expect(existsSync(join(project, 'deno.json'))).toBe(true);
    for (const args of [['check', '--no-lock', 'supabase/functions/'], ['lint'], ['fmt', '--check']]) {
      const result = await deno(args, project);
      expect(result.exitCode, `deno ${args.join(' ')}: ${output(result)}`).toBe(0);
    }
    // And fmt --check can fail: a function written in another style is reported.
    const copy = copyOf(project);
    const handler = join(copy, 'supabase/functions', functionNames(copy)[0]!, 'handler.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replaceAll('"', "'"));
    expect((await deno(['fmt', '--check'], copy)).exitCode).not.toBe(0);
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
const MIN_TESTS: Record<string, number> = { 'vue-crm': 9, 'astro-ims': 10, 'react-chat': 78, 'n8n-api': 18, supabase: 10 };

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
    stack: 'react-chat',
    file: 'stripe-webhook/handler.ts',
    from: 'await Stripe.webhooks.constructEventAsync(',
    to: 'await ((body: string, ..._rest: unknown[]) => Promise.resolve(JSON.parse(body) as Stripe.Event))(',
    failing: 'a wrong, missing or stale signature is 400 and nothing is applied',
  },
  {
    stack: 'react-chat',
    file: 'stripe-webhook/handler.ts',
    from: 'const periodEnd = isRecord(item) ? item.current_period_end : undefined;',
    to: 'const periodEnd = isRecord(item) ? item.current_period_start : undefined;',
    failing: 'reads every event field contract.ts lists',
  },
  {
    stack: 'react-chat',
    file: 'send-message/handler.ts',
    from: 'if (!user) return errorResponse(401, "sign in first");',
    to: 'if (!user) return json({});',
    failing: 'without a signed-in user the answer is 401 and nothing is read',
  },
  {
    stack: 'react-chat',
    file: 'whatsapp-webhook/handler.ts',
    from: 'const reasons = list(field(update, "errors")).map((e) => text(field(e, "title")))',
    to: 'const reasons = list(field(update, "errors")).map((e) => text(field(e, "code")))',
    failing: 'reads every status field contract.ts lists',
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
  {
    stack: 'supabase',
    file: '_shared/auth.ts',
    from: 'if (!claims || claims.role !== "authenticated") return null;',
    to: 'if (!claims) return null;',
    failing: 'verifiedUser refuses keys and tokens of other roles',
  },
];

describe('the Deno tests catch a broken security check', () => {
  it.each(MUTATIONS)('$stack, $file: $failing', async ({ stack, file, from, to, failing }) => {
    const project = copyOf(await generatedProject(stack));
    const path = join(project, 'supabase/functions', file);
    const source = readFileSync(path, 'utf8');
    expect(source, `${file} still contains the code this test breaks`).toContain(from);
    writeFileSync(path, source.replace(from, to));
    const result = await deno(['test', '--no-lock', 'supabase/functions/'], project);
    expect(result.exitCode, output(result)).not.toBe(0);
    expect(String(result.stdout)).toMatch(new RegExp(`${escapeRegExp(failing)} \\.\\.\\. FAILED`));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Top-level keys of the object literal starting at `text[start]` (`{`); value objects are skipped. */
function objectKeys(text: string, start: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let skipUntil = -1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    // `key: { ... }` is a JSON value (a jsonb column), not more columns.
    const valueObject = c === '{' && /:\s*$/.test(text.slice(start, i));
    if ((c === '{' || c === ',') && skipUntil < 0 && !valueObject) {
      const key = /^[{,]\s*([a-z][a-z0-9_]*)\s*:/.exec(text.slice(i));
      if (key) keys.push(key[1]!);
    }
    if (c === '{' || c === '(' || c === '[') {
      depth++;
      if (valueObject && skipUntil < 0) skipUntil = depth;
    } else if (c === '}' || c === ')' || c === ']') {
      if (depth === skipUntil) skipUntil = -1;
      if (--depth === 0) break;
    }
  }
  return keys;
}

/** The tables and columns a module names in supabase-js calls: `.from(t)` chains up to the `;`. */
function databaseUses(source: string): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  const use = (table: string, column: string) => {
    if (!uses.has(table)) uses.set(table, new Set());
    uses.get(table)!.add(column);
  };
  for (const [table, columns] of onConflicts(source)) for (const column of columns) use(table, column);
  for (const m of source.matchAll(/\.from\("([a-z_]+)"\)([^;]*);/g)) {
    const [, table, chain] = m as unknown as [string, string, string];
    for (const sel of chain.matchAll(/\.select\("([^"]*)"\)/g)) {
      for (const item of sel[1]!.matchAll(/([a-z_]+)(?:\(([^)]*)\))?/g)) {
        if (item[2] === undefined) use(table, item[1]!);
        else for (const col of item[2].split(',')) use(item[1]!, col.trim());
      }
    }
    for (const f of chain.matchAll(/\.(?:eq|neq|in|is|match)\("([a-z_]+)"/g)) use(table, f[1]!);
    for (const w of chain.matchAll(/\.(?:insert|upsert|update)\(\{/g)) {
      for (const key of objectKeys(chain, w.index! + w[0].length - 1)) use(table, key);
    }
  }
  return uses;
}

/** The upserts' `onConflict` column lists, by table: PostgREST needs a unique index on exactly those. */
function onConflicts(source: string): [string, string[]][] {
  return [...source.matchAll(/\.from\("([a-z_]+)"\)[^;]*?onConflict: "([^"]+)"/g)].map((m) => [
    m[1]!,
    m[2]!
      .split(',')
      .map((c) => c.trim())
      .sort(),
  ]);
}

describe('the database calls of the functions match the migrations', () => {
  it('finds tables, select lists, filters and written columns (self-check)', () => {
    const sample = `await db.from("runs").upsert({ owner_id: a, payload: { status: x }, ...(c ? { name: n } : {}),
      started_at: ok ? now : null }, { onConflict: "owner_id,key" }).select("id, jobs(job_id)").eq("state", s);`;
    const uses = databaseUses(sample);
    expect([...uses.get('runs')!].sort()).toEqual(['id', 'key', 'name', 'owner_id', 'payload', 'started_at', 'state']);
    expect([...uses.get('jobs')!]).toEqual(['job_id']);
    expect(onConflicts(sample)).toEqual([['runs', ['key', 'owner_id']]]);
  });

  it.each(STACKS)('%s: every table and column the functions use exists in PostgreSQL', async (stack) => {
    const project = await generatedProject(stack);
    const db = await supabaseDb(await readSupabaseFolder(join(project, 'supabase'), {}));
    try {
      const { rows } = await db.query<{ table_name: string; column_name: string }>(
        "select table_name, column_name from information_schema.columns where table_schema = 'public'",
      );
      const columns = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
      const unique = await db.query<{ table_name: string; cols: string }>(`
        select c.relname as table_name, string_agg(a.attname, ',' order by a.attname) as cols
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
        where i.indisunique
        group by c.relname, i.indexrelid`);
      const uniqueKeys = new Set(unique.rows.map((r) => `${r.table_name}(${r.cols})`));
      const functionsDir = join(project, 'supabase/functions');
      const missing: string[] = [];
      let checked = 0;
      for (const file of listFiles(functionsDir).filter((f) => f.endsWith('.ts'))) {
        const source = readFileSync(join(functionsDir, file), 'utf8');
        for (const [table, used] of databaseUses(source)) {
          for (const column of used) {
            checked++;
            if (!columns.has(`${table}.${column}`)) missing.push(`${file}: ${table}.${column}`);
          }
        }
        for (const [table, cols] of onConflicts(source)) {
          if (!uniqueKeys.has(`${table}(${cols.join(',')})`)) missing.push(`${file}: no unique key on ${table}(${cols})`);
        }
      }
      expect(missing).toEqual([]);
      if (stack !== 'supabase') expect(checked, 'the functions of this stack use the database').toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
