import { AGENTS_DIR } from '../names.js';
import { RECORD_FILE } from '../project-record.js';
import type { RegistryMeta } from '../templates/types.js';
import { type AgentFile, parseAgentFile } from './agent-file.js';
import { checkAgent, checkTeam, vocabularyOf } from './agent-rules.js';
import { checkDrift } from './drift-rules.js';
import { type Finding, sortFindings } from './finding.js';
import { checkLeftovers, checkRecordedFiles, readRecord } from './record-rules.js';
import { checkSettings } from './settings-rules.js';
import { checkPreloads, checkSkill, readSkills } from './skill-rules.js';
import { checkSupabase } from './supabase-rules.js';
import type { ProjectTree } from './tree.js';

export { AGENTS_DIR };

export interface CheckResult {
  findings: Finding[];
  /** How many agent files were read. */
  agents: number;
  /** How many skill folders were read. */
  skills: number;
  /** Whether the project has a record of how it was generated. */
  recorded: boolean;
}

/** Reads and checks agent files: each on its own, then the team together. */
/**
 * Reads and checks agent files: each on its own, then the team together. With `stackId` they are the
 * agents of a create-agents project of that stack, whose handoffs must reach the team.
 */
export async function checkAgentFiles(
  files: Array<{ path: string; bytes: Buffer }>,
  registry: RegistryMeta,
  options: { stackId?: string; others?: string[] } = {},
): Promise<{ findings: Finding[]; parsed: AgentFile[] }> {
  const parsed = files.map((f) => parseAgentFile(f.path, f.bytes));
  const findings = parsed.flatMap(checkAgent);
  const stack = options.stackId === undefined ? undefined : registry.stacks.find((s) => s.id === options.stackId);
  const project = options.stackId === undefined ? undefined : { stackAgents: new Set(stack?.agents.map((a) => a.name)) };
  findings.push(...checkTeam(parsed, vocabularyOf(registry, options.stackId), { project, others: options.others }));
  return { findings, parsed };
}

/**
 * Every rule over a project: agent files, skills, the Supabase folder, the record of generated files,
 * and the names the team's text gives (drift-rules.ts). The
 * stack is the recorded one, or `stackId` for a render that has no record yet (check --templates-dir).
 */
export async function checkProject(tree: ProjectTree, registry: RegistryMeta, stackId?: string): Promise<CheckResult> {
  const [{ record, findings }, agentPaths, skills] = await Promise.all([readRecord(tree), tree.walk(AGENTS_DIR), readSkills(tree)]);
  const mdPaths = agentPaths.filter((p) => p.toLowerCase().endsWith('.md'));
  const files = await Promise.all(mdPaths.map(async (path) => ({ path, bytes: (await tree.read(path)) ?? Buffer.alloc(0) })));
  const agents = await checkAgentFiles(files, registry, { stackId: record?.stack ?? stackId });
  findings.push(...agents.findings, ...skills.flatMap(checkSkill), ...checkPreloads(agents.parsed, skills, record !== null || stackId !== undefined));
  const recorded = record ? await checkRecordedFiles(tree, record) : [];
  findings.push(...recorded, ...(await checkLeftovers(tree, record)), ...(await checkSupabase(tree)));
  findings.push(...(await checkSettings(tree)));
  // The names the team's text gives are checked in create-agents projects, whose text describes them.
  if (record || stackId) findings.push(...(await checkDrift(tree)));
  return {
    findings: sortFindings(findings),
    agents: mdPaths.length,
    skills: skills.length,
    recorded: record !== null || (await tree.read(RECORD_FILE)) !== null,
  };
}
