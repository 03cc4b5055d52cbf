import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptible } from '../child-process.js';
import { InterruptedError } from '../errors.js';
import type { Finding } from './finding.js';

export interface ClaudeValidation {
  /** false when the `claude` command is not installed. */
  ran: boolean;
  /** What happened, in one line. */
  note: string;
  findings: Finding[];
}

const PLUGIN_JSON = { name: 'agents-check', version: '0.0.0', description: 'Agents checked by create-agents', author: { name: 'create-agents' } };

/**
 * Runs Claude Code's own validator (`claude plugin validate --strict`) on the project's agents and
 * skills (`skillsDir`, when the project has it): they are copied into a throwaway plugin folder, and the
 * command gets a throwaway HOME so it writes nothing into the real one.
 */
export async function validateWithClaude(root: string, agentsDir: string, skillsDir?: string): Promise<ClaudeValidation> {
  const { execa } = await import('execa');
  try {
    await interruptible(execa('claude', ['--version'], { timeout: 30_000, stdin: 'ignore' }), "while Claude Code's validator ran");
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    const e = error as { code?: string; shortMessage?: string };
    if (e.code === 'ENOENT') return { ran: false, note: 'Claude Code is not installed (no claude command on PATH): its validator was not run.', findings: [] };
    return { ran: false, note: `claude --version failed (${e.shortMessage ?? String(error)}): its validator was not run.`, findings: [] };
  }
  const work = await mkdtemp(join(tmpdir(), 'create-agents-claude-'));
  try {
    const plugin = join(work, 'plugin');
    await mkdir(join(plugin, '.claude-plugin'), { recursive: true });
    await writeFile(join(plugin, '.claude-plugin', 'plugin.json'), JSON.stringify(PLUGIN_JSON));
    if (existsSync(join(root, agentsDir))) await cp(join(root, agentsDir), join(plugin, 'agents'), { recursive: true, dereference: true });
    const skills = skillsDir && existsSync(join(root, skillsDir)) ? [{ plugin: join(plugin, 'skills'), project: skillsDir }] : [];
    for (const folder of skills) await cp(join(root, folder.project), folder.plugin, { recursive: true, dereference: true });
    await mkdir(join(work, 'home'));
    const result = await interruptible(
      execa('claude', ['plugin', 'validate', '--strict', plugin], {
        env: { HOME: join(work, 'home'), USERPROFILE: join(work, 'home') },
        reject: false,
        timeout: 120_000,
        stdin: 'ignore',
      }),
      "while Claude Code's validator ran",
    );
    const findings = parseValidatorOutput(`${result.stdout}\n${result.stderr}`, join(plugin, 'agents'), agentsDir, skills);
    if (result.exitCode !== 0 && !findings.length) {
      findings.push({
        file: agentsDir,
        rule: 'claude/validate',
        severity: 'error',
        message: `claude plugin validate failed: ${(result.stderr || result.stdout || result.shortMessage || '').trim().split('\n')[0]}`,
        fix: 'Run the command yourself to see its full output.',
      });
    }
    return {
      ran: true,
      note: findings.length
        ? `Claude Code's validator reported ${findings.length} problem(s).`
        : "Claude Code's validator (claude plugin validate --strict) passed.",
      findings,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Reads the validator's report: a block per file, a severity line, then one `❯` line per problem. Paths
 * in the plugin folder become the project's: `pluginAgents` is `agentsDir`, and so for each of `also`.
 */
export function parseValidatorOutput(
  text: string,
  pluginAgents: string,
  agentsDir: string,
  also: ReadonlyArray<{ plugin: string; project: string }> = [],
): Finding[] {
  const folders = [{ plugin: pluginAgents, project: agentsDir }, ...also];
  const findings: Finding[] = [];
  let file: string | null = null;
  let severity: Finding['severity'] = 'error';
  for (const line of text.split('\n')) {
    const validating = /^Validating (?:agent|[\w -]+): (.*)$/.exec(line.trim());
    if (validating) {
      const path = validating[1]!.trim();
      const folder = folders.find((f) => path.startsWith(f.plugin));
      file = folder ? `${folder.project}${path.slice(folder.plugin.length).replaceAll('\\', '/')}` : null;
      continue;
    }
    if (/Found \d+ errors?/.test(line)) severity = 'error';
    else if (/Found \d+ warnings?/.test(line)) severity = 'warning';
    const problem = /^\s*❯\s*(.*)$/.exec(line);
    if (problem && file) {
      findings.push({
        file,
        rule: 'claude/validate',
        severity,
        message: `Claude Code: ${problem[1]!.trim()}`,
        fix: 'Fix what Claude Code reports; create-agents lint --fix repairs broken front matter.',
      });
    }
  }
  return findings;
}
