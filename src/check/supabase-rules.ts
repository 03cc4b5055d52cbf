import { parse, TomlError } from 'smol-toml';
import type { Finding } from './finding.js';
import { shippedEvents } from './migration-facts.js';
import { rlsProblems, type TableEvent, tableEvents } from './sql-rls.js';
import type { ProjectTree } from './tree.js';

const MIGRATION = /^(\d+)_(.+)\.sql$/;
const CONFIG = 'supabase/config.toml';

type Add = (file: string, rule: string, severity: Finding['severity'], message: string, fix: string, line?: number) => void;

/** Rules on the `supabase/` folder: config.toml, functions and their blocks, migration names, RLS. */
export async function checkSupabase(tree: ProjectTree): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add: Add = (file, rule, severity, message, fix, line) => findings.push({ file, ...(line ? { line } : {}), rule, severity, message, fix });
  const [functionsDir, migrationsDir, configBytes] = await Promise.all([tree.list('supabase/functions'), tree.list('supabase/migrations'), tree.read(CONFIG)]);
  if (!configBytes && !functionsDir && !migrationsDir) return findings;

  const functionFolders = (functionsDir?.folders ?? []).filter((f) => !f.startsWith('_') && !f.startsWith('.'));
  if (!configBytes) {
    add(
      CONFIG,
      'supabase/config-missing',
      'error',
      'supabase/ holds functions or migrations but no config.toml.',
      'Run npx supabase init, or restore supabase/config.toml.',
    );
  } else {
    await checkConfig(tree, configBytes.toString('utf8'), functionFolders, add);
  }
  if (migrationsDir) await checkMigrations(tree, migrationsDir.files, add);
  return findings;
}

async function checkConfig(tree: ProjectTree, text: string, functionFolders: string[], add: Add) {
  let config: Record<string, unknown>;
  try {
    config = parse(withoutCommentLines(text)) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    add(
      CONFIG,
      'supabase/config-toml',
      'error',
      `config.toml is not valid TOML: ${(error as Error).message.split('\n')[0]}`,
      'Fix the TOML syntax; npx supabase start reports the same.',
      line,
    );
    return;
  }
  const lines = text.split('\n');
  if (typeof config.project_id !== 'string' || !config.project_id.trim()) {
    add(
      CONFIG,
      'supabase/project-id',
      'error',
      'config.toml has no project_id.',
      'Add project_id = "<your-project>" at the top.',
      lineMatching(lines, /^\s*project_id\s*=/) ?? 1,
    );
  }
  const functions = config.functions && typeof config.functions === 'object' ? (config.functions as Record<string, Record<string, unknown>>) : {};
  for (const [name, block] of Object.entries(functions)) {
    const line = lineMatching(lines, new RegExp(`^\\s*\\[\\s*functions\\s*\\.\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*\\]`));
    if (!functionFolders.includes(name)) {
      add(
        CONFIG,
        'supabase/function-folder',
        'error',
        `[functions.${name}] has no folder supabase/functions/${name}/.`,
        `Create it (npx supabase functions new ${name}) or remove the block.`,
        line,
      );
      continue;
    }
    const entrypoint = typeof block?.entrypoint === 'string' ? block.entrypoint : null;
    if (entrypoint && !(await tree.read(joinSupabase(entrypoint)))) {
      add(
        CONFIG,
        'supabase/function-entrypoint',
        'error',
        `[functions.${name}] entrypoint ${entrypoint} does not exist.`,
        "Point entrypoint at the function's index.ts.",
        line,
      );
    }
  }
  for (const folder of functionFolders) {
    if (!(folder in functions)) {
      add(
        `supabase/functions/${folder}`,
        'supabase/function-config',
        'error',
        `The function ${folder} has no [functions.${folder}] block in config.toml.`,
        `Add [functions.${folder}] with verify_jwt and entrypoint to supabase/config.toml.`,
      );
    }
  }
}

/**
 * The text with every line that is only a comment blanked (line numbers stay). `supabase init` writes a
 * config.toml that is half comments, which the TOML parser would read character by character. Only
 * when the file has no multi-line string (no triple quotes) can such a line not be inside a string; a
 * comment holding a control character TOML forbids is left for the parser to report.
 */
export function withoutCommentLines(text: string): string {
  if (text.includes('"""') || text.includes("'''")) return text;
  return text.replace(/^[ \t]*#[^\0-\x08\n-\x1f\x7f]*$/gm, '');
}

/** `./functions/x/index.ts` (relative to supabase/) → `supabase/functions/x/index.ts`. */
function joinSupabase(path: string): string {
  const parts: string[] = ['supabase'];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function lineMatching(lines: readonly string[], pattern: RegExp): number | undefined {
  const index = lines.findIndex((l) => pattern.test(l));
  return index === -1 ? undefined : index + 1;
}

async function checkMigrations(tree: ProjectTree, files: string[], add: Add) {
  const migrations: string[] = [];
  const versions = new Map<string, string>();
  for (const name of files) {
    if (name.startsWith('.')) continue;
    const file = `supabase/migrations/${name}`;
    const match = MIGRATION.exec(name);
    if (!match) {
      const sql = name.endsWith('.sql');
      add(
        file,
        'supabase/migration-name',
        sql ? 'error' : 'warning',
        `${name} does not match <digits>_<name>.sql, so Supabase skips it.`,
        sql
          ? `Rename it, e.g. ${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${name}.`
          : 'Move files that are not migrations out of supabase/migrations/.',
      );
      continue;
    }
    const other = versions.get(match[1]!);
    if (other)
      add(
        file,
        'supabase/migration-version',
        'error',
        `${name} has the same version ${match[1]} as ${other}; Supabase records versions once.`,
        'Give each migration its own timestamp.',
      );
    versions.set(match[1]!, name);
    migrations.push(name);
  }
  if (!migrations.length) return;
  let parser: typeof import('./pg-parser.js') | undefined;
  let parse: ((sql: string) => import('./pg-parser.js').PgParseResult) | undefined;
  const parsed: Array<{ events: TableEvent[]; where: (offset: number) => { file: string; line: number } }> = [];
  for (const name of migrations.sort()) {
    const file = `supabase/migrations/${name}`;
    const bytes = (await tree.read(file)) ?? Buffer.alloc(0);
    const where = (offset: number) => ({ file, line: byteLine(bytes, offset) });
    const known = shippedEvents(bytes);
    if (known) {
      parsed.push({ events: known, where });
      continue;
    }
    const sql = bytes.toString('utf8');
    parser ??= await import('./pg-parser.js');
    parse ??= await parser.pgParser();
    try {
      parsed.push({ events: tableEvents(parse(sql)), where });
    } catch (error) {
      if (!(error instanceof parser.SqlSyntaxError)) throw error;
      const line = error.position ? sql.slice(0, error.position - 1).split('\n').length : undefined;
      add(
        file,
        'supabase/sql-syntax',
        'error',
        `PostgreSQL cannot parse this migration: ${error.message}.`,
        'Fix the SQL; its tables were not checked for RLS.',
        line,
      );
    }
  }
  const { missing, noPolicy } = rlsProblems(parsed);
  for (const { table, where } of missing) {
    add(
      where.file,
      'supabase/rls-missing',
      'error',
      `Table ${table} is created without row level security being enabled.`,
      `Add: alter table ${table} enable row level security; and policies for each operation.`,
      where.line,
    );
  }
  for (const { table, where } of noPolicy) {
    add(
      where.file,
      'supabase/rls-no-policy',
      'warning',
      `Table ${table} has row level security enabled but no policy: only the service role can read or write it.`,
      `Add a policy per operation (create policy ... on ${table} ...), or say in a comment that only the service role uses it.`,
      where.line,
    );
  }
}

function byteLine(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}
