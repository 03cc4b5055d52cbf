import { APP_FOLDERS } from './drift-spans.js';
import { shippedEvents } from './migration-facts.js';
import type { PgParseResult } from './pg-parser.js';
import { type TableEvent, tableEvents } from './sql-rls.js';
import type { ProjectTree } from './tree.js';

/** What a project has, as far as the names its team's text gives can be checked against it. */
export interface ProjectFacts {
  /** Variables `.env.example` lists, set (`NAME=`) or commented out (`# NAME=`); null without the file. */
  variables: ReadonlySet<string> | null;
  /** Entries at the project root: files and folders. */
  rootEntries: ReadonlySet<string>;
  /** Every file below the root, and every folder with a trailing `/`, outside the app's and tools' folders. */
  paths: readonly string[];
  /** Edge Functions: folders of supabase/functions with an index.ts. */
  edgeFunctions: ReadonlySet<string>;
  /** Tables and views the migrations leave, as `schema.name`. */
  relations: ReadonlySet<string>;
  /** Database functions the migrations leave, as `schema.name`. */
  databaseFunctions: ReadonlySet<string>;
  /**
   * The source of each Edge Function (tests left out), with the `_shared` files it imports: where a
   * payload key the text gives for that function must appear.
   */
  functionCode: ReadonlyMap<string, string>;
  /** Names the Edge Functions' code declares (constants, functions, types), tests included: code, not variables. */
  declared: ReadonlySet<string>;
}

/** Folders no name of the team's text points into, and that can be large: not walked. */
const NOT_WALKED: ReadonlySet<string> = new Set([...APP_FOLDERS, '.git', 'build', 'coverage', '.next', '.astro', '.vercel', '.turbo', '.cache', '.temp']);
/** Enough for any project create-agents makes; a folder beyond it is not read further. */
const MAX_PATHS = 20_000;

const ENV_LINE = /^[ \t]*(?:#[ \t]*)?(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm;

export async function projectFacts(tree: ProjectTree): Promise<ProjectFacts> {
  const root = (await tree.list('.')) ?? { files: [], folders: [] };
  const rootEntries = new Set([...root.files, ...root.folders]);
  const paths: string[] = [...root.files];
  const queue = root.folders.filter((f) => !NOT_WALKED.has(f));
  while (queue.length && paths.length < MAX_PATHS) {
    const dir = queue.shift()!;
    paths.push(`${dir}/`);
    const entry = await tree.list(dir);
    if (!entry) continue;
    paths.push(...entry.files.map((f) => `${dir}/${f}`));
    queue.push(...entry.folders.filter((f) => f !== 'node_modules' && f !== '.git').map((f) => `${dir}/${f}`));
  }
  const envBytes = await tree.read('.env.example');
  const variables = envBytes ? new Set([...envBytes.toString('utf8').matchAll(ENV_LINE)].map((m) => m[1]!)) : null;
  const functionsDir = await tree.list('supabase/functions');
  const edgeFunctions = new Set<string>();
  for (const folder of functionsDir?.folders ?? []) {
    if (folder.startsWith('_') || folder.startsWith('.')) continue;
    if ((await tree.list(`supabase/functions/${folder}`))?.files.includes('index.ts')) edgeFunctions.add(folder);
  }
  const functionCode = new Map<string, string>();
  for (const name of edgeFunctions) functionCode.set(name, await codeOf(tree, paths, name));
  const declared = new Set<string>();
  for (const path of paths.filter((p) => p.startsWith('supabase/functions/') && SOURCE.test(p))) {
    const code = (await tree.read(path))?.toString('utf8') ?? '';
    for (const m of code.matchAll(DECLARATION)) declared.add(m[1]!);
  }
  return { variables, rootEntries, paths, edgeFunctions, declared, ...(await schemaObjects(tree)), functionCode };
}

const SOURCE = /\.(?:ts|js|mjs|tsx)$/;
const TEST = /\.test\.|\.testing\./;
const DECLARATION = /\b(?:const|let|var|function|class|enum|type|interface)\s+([A-Za-z_$][\w$]*)/g;
const SHARED_IMPORT = /\bfrom\s+['"]\.\.\/_shared\/([^'"]+)['"]/g;

/** A function's own source files, then the `_shared` files they import, tests left out. */
async function codeOf(tree: ProjectTree, paths: readonly string[], name: string): Promise<string> {
  const prefix = `supabase/functions/${name}/`;
  const own = paths.filter((p) => p.startsWith(prefix) && SOURCE.test(p) && !TEST.test(p));
  const texts = await Promise.all(own.map(async (p) => (await tree.read(p))?.toString('utf8') ?? ''));
  const shared = new Set(texts.flatMap((t) => [...t.matchAll(SHARED_IMPORT)].map((m) => `supabase/functions/_shared/${m[1]}`)));
  for (const path of shared) texts.push((await tree.read(path))?.toString('utf8') ?? '');
  return texts.join('\n');
}

/** The tables, views and database functions that exist after every migration, in order. */
async function schemaObjects(tree: ProjectTree): Promise<{ relations: Set<string>; databaseFunctions: Set<string> }> {
  const relations = new Set<string>();
  const databaseFunctions = new Set<string>();
  const files = ((await tree.list('supabase/migrations'))?.files ?? []).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  let parse: ((sql: string) => PgParseResult) | undefined;
  for (const name of files) {
    const bytes = (await tree.read(`supabase/migrations/${name}`)) ?? Buffer.alloc(0);
    let events: TableEvent[] | undefined = shippedEvents(bytes);
    if (!events) {
      parse ??= await (await import('./pg-parser.js')).pgParser();
      try {
        events = tableEvents(parse(bytes.toString('utf8')));
      } catch {
        continue; // supabase/sql-syntax reports it.
      }
    }
    for (const e of events) {
      if (e.kind === 'create') relations.add(e.table);
      else if (e.kind === 'drop') relations.delete(e.table);
      else if (e.kind === 'rename') {
        relations.delete(e.table);
        relations.add(e.to);
      } else if (e.kind === 'object') {
        const set = e.object === 'view' ? relations : databaseFunctions;
        if (e.drop) set.delete(e.name);
        else set.add(e.name);
      }
    }
  }
  return { relations, databaseFunctions };
}
