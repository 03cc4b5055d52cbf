// supabase/config.toml gets its [functions.<name>] blocks from the stack's function folders: a folder
// added to a templates folder gets a block the Supabase CLI accepts, and stack.json cannot configure a
// function that has no folder.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import { REPO, tempDir } from './helpers/cli.js';
import { output, supabase } from './helpers/tools.js';

const STACK = 'supabase';

/** A copy of templates/ to change. */
function templatesCopy(): string {
  const dir = join(tempDir(), 'templates');
  cpSync(join(REPO, 'templates'), dir, { recursive: true });
  return dir;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

// biome-ignore lint/suspicious/noExplicitAny: stack.json is edited as loose JSON.
function editStackJson(dir: string, edit: (json: Record<string, any>) => void): void {
  const path = join(dir, 'stacks', STACK, 'stack.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

async function render(dir: string, supabaseStarter = true) {
  const answers: Answers = { dir: 'my-app', stack: STACK, name: 'X', agents: [], model: null, supabase: supabaseStarter, kit: [], git: false };
  return renderProject(await folderSource(dir), answers, 'my-app');
}

/** Writes a render to disk and loads its config.toml the way the Supabase CLI does before creating a function. */
async function cliAccepts(files: Array<{ path: string; content: string }>) {
  const project = join(tempDir(), 'my-app');
  for (const f of files) write(join(project, f.path), f.content);
  const result = await supabase(['functions', 'new', 'probe', '--yes'], project);
  return { result, created: existsSync(join(project, 'supabase/functions/probe/index.ts')) };
}

const configOf = (files: Array<{ path: string; content: string }>) =>
  // biome-ignore lint/suspicious/noExplicitAny: config.toml is read as loose TOML.
  parse(files.find((f) => f.path === 'supabase/config.toml')!.content) as Record<string, any>;

describe('the [functions.<name>] blocks of config.toml', () => {
  it('follow the function folders: a new folder gets its block, deno.json and the shared helpers', async () => {
    const dir = templatesCopy();
    const functions = join(dir, 'stacks', STACK, 'supabase/functions');
    write(join(functions, 'extra-fn/index.ts'), 'Deno.serve(() => new Response("ok"));\n');
    write(join(functions, 'public-fn/index.ts'), 'Deno.serve(() => new Response("ok"));\n');
    // A stack's own file at a function's path wins over the shared one.
    const ownDeno = '{\n  "imports": {}\n}\n';
    write(join(functions, 'public-fn/deno.json'), ownDeno);
    editStackJson(dir, (json) => {
      json.supabase.functions['public-fn'] = { auth: 'none', note: 'Public on purpose.' };
    });

    const files = await render(dir);
    const config = configOf(files);
    expect(Object.keys(config.functions).sort()).toEqual(['extra-fn', 'hello', 'public-fn']);
    expect(config.functions['extra-fn']).toEqual({
      enabled: true,
      verify_jwt: false,
      import_map: './functions/extra-fn/deno.json',
      entrypoint: './functions/extra-fn/index.ts',
    });
    // Every function checks its caller in code, as `supabase functions new` sets it up.
    for (const name of ['public-fn', 'hello']) expect(config.functions[name].verify_jwt).toBe(false);
    // Listed functions first, in stack.json's order, then the others by name.
    const text = files.find((f) => f.path === 'supabase/config.toml')!.content;
    const order = [...text.matchAll(/^\[functions\.([^\]]+)\]$/gm)].map((m) => m[1]);
    expect(order).toEqual(['hello', 'public-fn', 'extra-fn']);
    expect(text).toContain('# Public on purpose.\nverify_jwt = false\n');

    const content = (path: string) => files.find((f) => f.path === path)?.content;
    expect(content('supabase/functions/extra-fn/deno.json')).toBe(readFileSync(join(dir, 'shared/function/deno.json'), 'utf8'));
    expect(content('supabase/functions/public-fn/deno.json')).toBe(ownDeno);
    expect(content('supabase/functions/_shared/cors.ts')).toBeDefined();

    const { result, created } = await cliAccepts(files);
    expect(result.exitCode, output(result)).toBe(0);
    expect(created).toBe(true);
    expect(output(result)).not.toMatch(/does not recognize/);
  });

  it('are refused when stack.json names a function that has no folder', async () => {
    const dir = templatesCopy();
    editStackJson(dir, (json) => {
      json.supabase.functions.ghost = { auth: 'none' };
    });
    await expect(folderSource(dir)).rejects.toThrow(
      /stacks\/supabase\/stack\.json: "supabase\.functions" names "ghost", but there is no function folder supabase\/functions\/ghost\//,
    );
  });

  it('are refused with a setting stack.json does not know', async () => {
    const dir = templatesCopy();
    editStackJson(dir, (json) => {
      json.supabase.functions.hello = { verify_jwt: false };
    });
    await expect(folderSource(dir)).rejects.toThrow(/"supabase\.functions\.hello\.verify_jwt" is not a setting; use auth, note/);
  });

  it('are refused with an auth that is neither user nor none', async () => {
    const dir = templatesCopy();
    editStackJson(dir, (json) => {
      json.supabase.functions.hello = { auth: 'public' };
    });
    await expect(folderSource(dir)).rejects.toThrow(/"supabase\.functions\.hello\.auth" must be one of "user", "none"/);
  });

  it('are absent, with functions/_shared/, for a stack without function folders', async () => {
    const dir = templatesCopy();
    rmSync(join(dir, 'stacks', STACK, 'supabase/functions'), { recursive: true });
    editStackJson(dir, (json) => {
      delete json.supabase.functions;
    });
    const files = await render(dir);
    expect(files.filter((f) => f.path.startsWith('supabase/functions/'))).toEqual([]);
    expect(configOf(files).functions).toBeUndefined();
    expect(files.map((f) => f.path)).toContain('supabase/.gitignore');
    const { result, created } = await cliAccepts(files);
    expect(result.exitCode, output(result)).toBe(0);
    expect(created).toBe(true);
  });

  it('and the rest of the Supabase starter are left out with --no-supabase, .env.example too', async () => {
    const paths = (await render(join(REPO, 'templates'), false)).map((f) => f.path);
    expect(paths).toContain('CLAUDE.md');
    expect(paths.filter((p) => p.startsWith('supabase/') || p === '.env.example')).toEqual([]);
    const withStarter = (await render(join(REPO, 'templates'))).map((f) => f.path);
    expect(withStarter).toContain('.env.example');
    expect(withStarter).toContain('supabase/config.toml');
  });
});
