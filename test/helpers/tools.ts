// Runs the real programs that consume a generated Supabase folder (the Supabase CLI and Deno)
// on a generated project, and renders that project.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result } from 'execa';
import Handlebars from 'handlebars';
import { scanTemplates } from '../../src/templates/scan.js';
import { renderProject } from './project.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const TEMPLATES = join(REPO, 'templates');
const BIN = join(REPO, 'node_modules/.bin');

export const STACKS: string[] = JSON.parse(readFileSync(join(TEMPLATES, 'registry.json'), 'utf8')).stacks;

/** The Supabase project_id the generated projects get (from the folder name). */
export const PROJECT_DIR = 'my-app';

/**
 * 'engine': the create-agents command itself (test/helpers/project.ts), reading templates/ from disk so
 * that no rebuild is needed. 'templates': a stand-in that renders templates/stacks/<id> directly with
 * Handlebars, for when the command cannot run.
 */
const RENDERER: 'engine' | 'templates' = 'engine';

const rendered = new Map<string, Promise<string>>();

/** A generated project for `stack` (whole team, Supabase on), rendered once per test file. */
export function generatedProject(stack: string): Promise<string> {
  let project = rendered.get(stack);
  if (!project) {
    project = RENDERER === 'engine' ? renderProject(stack, { dir: PROJECT_DIR, extraArgs: ['--templates-dir', TEMPLATES] }) : renderFromTemplates(stack);
    rendered.set(stack, project);
  }
  return project;
}

/** A fresh copy of a generated project, for a test that changes files. */
export function copyOf(project: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'ca-copy-')), PROJECT_DIR);
  cpSync(project, copy, { recursive: true });
  return copy;
}

function renderFromTemplates(stack: string): Promise<string> {
  const source = join(TEMPLATES, 'stacks', stack);
  const meta = JSON.parse(readFileSync(join(source, 'stack.json'), 'utf8'));
  const team = meta.agents.map((a: { name: string }) => a.name);
  const hb = Handlebars.create();
  const tomlString = (v: unknown) => JSON.stringify(String(v ?? '')).replaceAll('\u007f', '\\u007f');
  hb.registerHelper('toml', (v: unknown) => new hb.SafeString(tomlString(v)));
  hb.registerHelper('sql', (v: unknown) => new hb.SafeString(`'${String(v ?? '').replaceAll("'", "''")}'`));
  hb.registerHelper('json', (v: unknown) => new hb.SafeString(JSON.stringify(v ?? null)));
  hb.registerHelper('has', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    return args.every((n) => team.includes(n)) ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper('hasAny', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    return args.some((n) => team.includes(n)) ? options.fn(this) : options.inverse(this);
  });
  // The config.toml settings with their defaults filled in, and the function list, as the scanner reads them.
  const supabaseConfig = scanTemplates(TEMPLATES).registry.stacks.find((s) => s.id === stack)!.supabase;
  const context = {
    project: { name: meta.defaults.name, id: PROJECT_DIR },
    stack: { id: stack, description: meta.description, supabase: supabaseConfig },
    supabase: true,
    team: meta.agents,
    agents: Object.fromEntries(team.map((n: string) => [n, true])),
  };
  const out = join(mkdtempSync(join(tmpdir(), 'ca-render-')), PROJECT_DIR);
  const shared = join(TEMPLATES, 'shared');
  const functionFolders = supabaseConfig.functions.map((f) => [join(shared, 'function'), `supabase/functions/${f.name}`]);
  // Shared first, so that the stack's own file at a path is written over it.
  const parts: [string, string][] = [
    [join(shared, 'files'), ''],
    [join(shared, 'supabase'), 'supabase'],
    ...(functionFolders as [string, string][]),
    [join(source, 'files'), ''],
    [join(source, 'supabase'), 'supabase'],
    [join(source, 'agents'), '.claude/agents'],
  ];
  for (const [from, target] of parts) {
    if (!existsSync(from)) continue;
    for (const file of listFiles(from)) {
      let path = join(out, target, file.replace(/(^|\/)_gitignore$/, '$1.gitignore').replace(/(^|\/)_env\.example(\.hbs)?$/, '$1.env.example$2'));
      let text = readFileSync(join(from, file), 'utf8');
      if (path.endsWith('.hbs')) {
        path = path.slice(0, -4);
        text = hb.compile(text, { noEscape: true, strict: true })(context);
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  return Promise.resolve(out);
}

/** Every file under `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** The Edge Functions of a project: folders of supabase/functions with an index.ts (not `_shared`). */
export function functionNames(project: string): string[] {
  const root = join(project, 'supabase/functions');
  return readdirSync(root)
    .filter((name) => !name.startsWith('_') && existsSync(join(root, name, 'index.ts')))
    .sort();
}

const scratch = mkdtempSync(join(tmpdir(), 'ca-tools-'));
mkdirSync(join(scratch, 'home'));
// Shared across runs so that the npm packages the functions import are downloaded once.
const DENO_DIR = join(tmpdir(), 'create-agents-deno-cache');

const quietEnv = { NO_COLOR: '1', DO_NOT_TRACK: '1', CI: '1' };

/** `npx supabase <args>` in `cwd`, with a throwaway HOME; never throws, returns the result. */
export function supabase(args: string[], cwd: string): Promise<Result> {
  return execa(join(BIN, 'supabase'), args, {
    cwd,
    reject: false,
    timeout: 60_000,
    stdin: 'ignore',
    env: { ...quietEnv, HOME: join(scratch, 'home') },
  });
}

/** `npx deno <args>` in `cwd`; npm: imports are fetched from the registry into a shared DENO_DIR. */
export function deno(args: string[], cwd: string): Promise<Result> {
  return execa(join(BIN, 'deno'), args, {
    cwd,
    reject: false,
    timeout: 170_000,
    stdin: 'ignore',
    env: { ...quietEnv, DENO_DIR, DENO_NO_UPDATE_CHECK: '1', HOME: join(scratch, 'home') },
  });
}

/** `git <args>` in `cwd`. */
export function git(args: string[], cwd: string): Promise<Result> {
  return execa('git', args, { cwd, reject: false, stdin: 'ignore', env: { ...quietEnv, HOME: join(scratch, 'home') } });
}

/** Output of a finished program, for assertion messages. */
export function output(result: Result): string {
  return `exit ${result.exitCode}\n${String(result.stdout)}\n${String(result.stderr)}`;
}
