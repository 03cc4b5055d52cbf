import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptible } from '../child-process.js';
import { InterruptedError } from '../errors.js';
import { PROJECT_ID, SEMVER } from '../names.js';
import type { RecordedAnswers } from '../questions.js';

/** The arguments of the npx command that renders the base (shown to the person before it runs). */
export function npxArgs(version: string, answers: RecordedAnswers, projectId: string): string[] {
  return [
    '--yes',
    `create-agents@${version}`,
    projectId,
    `--stack=${answers.stack}`,
    `--name=${answers.name}`,
    `--agents=${answers.agents.join(',')}`,
    ...(answers.model ? [`--model=${answers.model}`] : []),
    answers.supabase ? '--supabase' : '--no-supabase',
    // Versions before --kit record no kit, and do not know the flag.
    ...(answers.kit ? [`--kit=${answers.kit.length ? answers.kit.join(',') : 'none'}`] : []),
    '--no-git',
    '--yes',
  ];
}

/**
 * Renders a project with an earlier create-agents: `npx create-agents@<version>` writes it into a
 * temporary folder (named like the project, so it gets the same project_id), and the files are read
 * back. Uses only the command-line interface every version has. Throws when that version cannot be
 * had (offline, unpublished).
 */
export async function renderWithVersion(version: string, answers: RecordedAnswers, projectId: string, paths: readonly string[]): Promise<Map<string, string>> {
  if (!SEMVER.test(version)) throw new Error(`the recorded version "${version}" is not a version number`);
  // The id names the folder npx writes into: a path would put a scaffold outside the temporary folder.
  if (!PROJECT_ID.test(projectId)) throw new Error(`the project id "${projectId}" is not a plain name`);
  const { execa } = await import('execa');
  const work = await mkdtemp(join(tmpdir(), 'create-agents-base-'));
  try {
    const args = npxArgs(version, answers, projectId);
    const child = execa('npx', args, { cwd: work, timeout: 180_000, stdin: 'ignore', env: { CI: '1', npm_config_update_notifier: 'false' } });
    await interruptible(child, `while npx rendered create-agents ${version}: nothing was written`);
    const files = new Map<string, string>();
    for (const path of paths) {
      const content = await readFile(join(work, projectId, path), 'utf8').catch(() => null);
      if (content !== null) files.set(path, content);
    }
    return files;
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    const e = error as { shortMessage?: string; message: string };
    throw new Error((e.shortMessage ?? e.message).split('\n')[0], { cause: error });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
