import { join } from 'node:path';
import { runCli, tempDir } from './cli.js';

export interface ProjectOptions {
  /** Team members besides the lead agent; default: the whole team. */
  agents?: string[];
  supabase?: boolean;
  name?: string;
  model?: string;
  /** Folder name of the project (its basename becomes the Supabase project_id). */
  dir?: string;
  extraArgs?: string[];
}

/** Generates a project with the built command and returns its folder. */
export async function renderProject(stack: string, options: ProjectOptions = {}): Promise<string> {
  const cwd = tempDir();
  const dir = options.dir ?? 'my-app';
  const args = [dir, '--stack', stack, '--yes', '--no-git'];
  if (options.agents) args.push('--agents', options.agents.join(','));
  if (options.supabase === false) args.push('--no-supabase');
  if (options.name !== undefined) args.push('--name', options.name);
  if (options.model) args.push('--model', options.model);
  args.push(...(options.extraArgs ?? []));
  const result = await runCli(args, { cwd });
  if (result.code !== 0) throw new Error(`create-agents ${args.join(' ')} exited ${result.code}\n${result.stderr}${result.stdout}`);
  return join(cwd, dir);
}
