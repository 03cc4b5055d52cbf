import { AGENTS_DIR } from '../names.js';
import { type ProjectFacts, projectFacts } from './drift-facts.js';
import { acknowledged, type Claim, classify, GENERATED_FOLDERS, type NameKind, pathClaim } from './drift-spans.js';
import { type Finding, lineOf } from './finding.js';
import type { ProjectTree } from './tree.js';

/**
 * Variables the platforms set themselves, so `.env.example` rightly leaves them out: Supabase gives
 * every Edge Function these (https://supabase.com/docs/guides/functions/secrets#default-secrets; the
 * single-key and JWKS_URL forms are @supabase/server's for other hosts), and Node tools and GitHub
 * Actions set the last two.
 */
export const OUTSIDE_VARIABLES: ReadonlySet<string> = new Set([
  'SUPABASE_URL',
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_DB_URL',
  'SUPABASE_PUBLISHABLE_KEYS',
  'SUPABASE_SECRET_KEYS',
  'SUPABASE_PUBLISHABLE_KEY',
  'SUPABASE_SECRET_KEY',
  'SUPABASE_JWKS',
  'SUPABASE_JWKS_URL',
  'SB_REGION',
  'SB_EXECUTION_ID',
  'DENO_DEPLOYMENT_ID',
  'NODE_ENV',
  'GITHUB_TOKEN',
]);

/** The texts that describe the project to Claude Code: CLAUDE.md, the agents and the skills. */
async function textFiles(tree: ProjectTree): Promise<string[]> {
  const agents = (await tree.walk(AGENTS_DIR)).filter((p) => p.toLowerCase().endsWith('.md'));
  const skills = ((await tree.list('.claude/skills'))?.folders ?? []).map((f) => `.claude/skills/${f}/SKILL.md`);
  return ['CLAUDE.md', ...agents.sort(), ...skills];
}

const RULE: Record<NameKind, string> = {
  variable: 'drift/variable',
  path: 'drift/path',
  'edge-function': 'drift/edge-function',
  table: 'drift/table',
  'database-function': 'drift/database-function',
  'schema-object': 'drift/table',
  'payload-key': 'drift/payload-key',
};

/**
 * The names CLAUDE.md, the agents and the skills give in backticks that the project lacks: variables
 * `.env.example` does not list, paths, Edge Functions, tables and views, database functions, and
 * payload keys no Edge Function uses. Errors: an agent acting on a wrong name writes broken code.
 */
export async function checkDrift(tree: ProjectTree): Promise<Finding[]> {
  const facts = await projectFacts(tree);
  const findings: Finding[] = [];
  const texts: Array<{ file: string; text: string }> = [];
  for (const file of await textFiles(tree)) {
    const bytes = await tree.read(file);
    if (bytes && !bytes.includes(0)) texts.push({ file, text: bytes.toString('utf8') });
  }
  // A name one text marks as still to create, or maps to the project's own, is acknowledged in all;
  // so is everything in an acknowledged folder (`supabase/` not generated: its tables neither).
  const known = new Set(texts.flatMap(({ text }) => acknowledged(text)));
  const folders = [...known].flatMap((span) => {
    const path = pathClaim(span)?.path;
    if (!path) return [];
    if (path.endsWith('/')) return [path];
    // A glob (`supabase/rollbacks/*.sql`) stands for its folder when that is at least two deep.
    const segments = path.split('/');
    const glob = segments.findIndex((s) => /[*?]/.test(s));
    return glob >= 2 ? [`${segments.slice(0, glob).join('/')}/`] : [];
  });
  const claimed = texts.map(({ file, text }) => ({ file, text, claims: classify(text, { functions: facts.edgeFunctions }) }));
  // Edge Functions the project has or its text names: `notify-installer/handler.ts` is in one of them.
  const functions = new Set([...facts.edgeFunctions, ...claimed.flatMap((t) => t.claims.filter((c) => c.kind === 'edge-function').map((c) => c.name))]);
  const isKnown = (claim: Claim) => {
    if (known.has(claim.span)) return true;
    // `.env.example` still to create does not make every variable a name still to create.
    if (claim.kind === 'variable') return false;
    const where = locationOf(claim, functions);
    return known.has(where) || folders.some((f) => where.startsWith(f));
  };
  for (const { file, text, claims } of claimed) {
    const reported = new Set<string>();
    for (const claim of claims) {
      if (isKnown(claim)) continue;
      const problem = missing(claim, facts);
      if (!problem) continue;
      const key = `${claim.kind}\0${claim.name}\0${lineOf(text, claim.offset)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({ file, line: lineOf(text, claim.offset), rule: RULE[claim.kind], severity: 'error', ...problem });
    }
  }
  return findings;
}

/** Where in the project a claimed name would be; a path that starts with a function's name is in it. */
function locationOf(claim: Claim, functions: ReadonlySet<string>): string {
  switch (claim.kind) {
    case 'path':
      return functions.has(claim.name.split('/')[0]!) ? `supabase/functions/${claim.name}` : claim.name;
    case 'variable':
      return '.env.example';
    case 'edge-function':
      return `supabase/functions/${claim.name}/`;
    case 'payload-key':
      return 'supabase/functions/';
    default:
      return 'supabase/migrations/';
  }
}

/** What is wrong with a claim in this project, or null when the project has the name. */
export function missing(claim: Claim, facts: ProjectFacts): { message: string; fix: string } | null {
  const name = claim.name;
  const todo = 'or say in the sentence that it is still to be created';
  switch (claim.kind) {
    case 'variable':
      // A name the functions' code declares (`export const APP_SECRET = ...`) is a constant of the code.
      if (OUTSIDE_VARIABLES.has(name) || facts.variables?.has(name) || facts.declared.has(name)) return null;
      return {
        message: `${name} is named as a variable, but .env.example ${facts.variables ? 'does not list it' : 'does not exist'}.`,
        fix: `Add ${name}= to .env.example with a comment on where its value comes from (# ${name}= when optional), or correct the name.`,
      };
    case 'path': {
      if (hasPath(name, claim.weak === true, facts)) return null;
      return {
        message: `${name} is named as a path, but the project has no ${name.endsWith('/') ? 'such folder' : 'such file'}.`,
        fix: `Create it, correct the path, ${todo}.`,
      };
    }
    case 'edge-function':
      if (facts.edgeFunctions.has(name)) return null;
      return {
        message: `${name} is named as an Edge Function, but supabase/functions/${name}/index.ts does not exist.`,
        fix: `Create the function (npx supabase functions new ${name}), correct the name, ${todo}.`,
      };
    case 'table':
      if (facts.relations.has(`public.${name}`)) return null;
      return {
        message: `${name} is named as a table or view, but no migration creates public.${name}.`,
        fix: `Add a migration that creates it, correct the name, ${todo}.`,
      };
    case 'schema-object':
      if (facts.relations.has(`public.${name}`) || facts.databaseFunctions.has(`public.${name}`)) return null;
      return {
        message: `public.${name} is named, but no migration creates a table, view or function of that name.`,
        fix: `Add a migration that creates it, correct the name, ${todo}.`,
      };
    case 'database-function':
      if (facts.databaseFunctions.has(`public.${name}`)) return null;
      return {
        message: `public.${name}() is named as a database function, but no migration creates it.`,
        fix: `Add a migration that creates it, correct the name, ${todo}.`,
      };
    case 'payload-key': {
      const code = (claim.functions ?? []).flatMap((f) => facts.functionCode.get(f) ?? []);
      // Only the code of a function the sentence names, when the project has it (else drift/edge-function says so).
      if (!code.length || code.some((c) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(c))) return null;
      return {
        message: `${name} is given as a payload key of ${claim.functions!.join(', ')}, but its code never uses it (in ${claim.span}).`,
        fix: 'Describe the payload with the keys the function reads and sends.',
      };
    }
  }
}

/**
 * Whether the project has a path: from its root, or, for a path that does not start with a top folder
 * (`notify-installer/handler.ts`), at the end of one. A weak path (no file extension) counts only when
 * its first folder is one the project has or one create-agents generates.
 */
function hasPath(path: string, weak: boolean, facts: ProjectFacts): boolean {
  const first = path.split('/')[0]!;
  const rooted = facts.rootEntries.has(first) || GENERATED_FOLDERS.has(first);
  if (weak && !rooted) return true;
  const pattern = globPattern(path);
  if (facts.paths.some((p) => pattern.test(p))) return true;
  if (rooted) return false;
  const anywhere = new RegExp(`/${pattern.source.slice(1)}`);
  return facts.paths.some((p) => anywhere.test(p));
}

/** A path with `*`, `**` and `?` as a pattern over project paths (folders end with `/`). */
function globPattern(path: string): RegExp {
  const folder = path.endsWith('/');
  const body = (folder ? path.slice(0, -1) : path)
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) =>
      part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}${folder ? '/' : '/?'}$`);
}
