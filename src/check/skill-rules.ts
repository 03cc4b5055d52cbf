import { SKILL_NAME, SKILLS_DIR } from '../names.js';
import { type AgentFile, parseAgentFile } from './agent-file.js';
import { adderFor, checkTools, knownModel } from './agent-rules.js';
import { CLAUDE_CODE } from './claude-code.js';
import type { Finding } from './finding.js';
import type { ProjectTree } from './tree.js';

const FIELDS: readonly string[] = CLAUDE_CODE.skillFields;
const CONTEXTS: readonly string[] = CLAUDE_CODE.skillContexts;
const EFFORTS: readonly string[] = CLAUDE_CODE.efforts;

/** A project's skills: each folder of `.claude/skills/` and its SKILL.md, read (or null when it has none). */
export interface SkillFolder {
  name: string;
  file: AgentFile | null;
}

export async function readSkills(tree: ProjectTree): Promise<SkillFolder[]> {
  const listing = await tree.list(SKILLS_DIR);
  if (!listing) return [];
  return Promise.all(
    listing.folders.map(async (name) => {
      const path = `${SKILLS_DIR}/${name}/SKILL.md`;
      const bytes = await tree.read(path);
      return { name, file: bytes ? parseAgentFile(path, bytes, 'skill') : null };
    }),
  );
}

const describe = (value: unknown) => (Array.isArray(value) ? 'a list' : value && typeof value === 'object' ? 'a mapping' : typeof value);

/** The rules on one skill: its SKILL.md exists, and its front matter as Claude Code 2.1 reads it. */
export function checkSkill(skill: SkillFolder): Finding[] {
  if (!skill.file) {
    return [
      {
        file: `${SKILLS_DIR}/${skill.name}`,
        rule: 'skill/file-missing',
        severity: 'warning',
        message: `The skill folder ${skill.name}/ has no SKILL.md, so Claude Code loads no skill from it.`,
        fix: 'Add SKILL.md (front matter with name and description, then the instructions), or remove the folder.',
      },
    ];
  }
  const file = skill.file;
  const findings = [...file.findings];
  const data = file.data;
  if (!data) return findings;
  const add = adderFor(file, findings);
  const name = data.name;
  if (name === undefined || name === null || name === '') {
    add('skill/name-missing', 'error', 'The front matter has no "name".', `Add "name: ${skill.name}", the folder's name.`);
  } else if (typeof name !== 'string') {
    add('skill/name-format', 'error', `The name must be text, not ${describe(name)}.`, `Write "name: ${skill.name}".`, 'name');
  } else if (name !== skill.name) {
    add(
      'skill/name-folder',
      'error',
      `The skill is named "${name}" but its folder is ${skill.name}/: Claude Code runs it as /${skill.name}, and agents preload it by that name.`,
      `Write "name: ${skill.name}", or rename the folder to ${name}/.`,
      'name',
    );
  } else if (!SKILL_NAME.test(name) || name.length > 64) {
    add(
      'skill/name-format',
      'warning',
      `The name "${name}" is not lowercase letters, digits and hyphens (at most 64).`,
      'Rename the skill and its folder.',
      'name',
    );
  }
  if (data.description === undefined || data.description === null || data.description === '') {
    add(
      'skill/description-missing',
      'error',
      'The front matter has no "description": Claude cannot tell when to use the skill.',
      'Add "description:" saying what the skill does and when to use it.',
    );
  } else if (typeof data.description !== 'string') {
    add('skill/description-type', 'error', `"description" must be text, not ${describe(data.description)}.`, 'Quote the description.', 'description');
  }
  for (const key of Object.keys(data)) {
    if (!FIELDS.includes(key)) {
      add(
        'skill/unknown-field',
        'warning',
        `Claude Code ${CLAUDE_CODE.version} reads no skill field "${key}"; it is ignored.`,
        `Remove it, or fix its spelling (fields: ${FIELDS.join(', ')}).`,
        key,
      );
    }
  }
  if (data.model !== undefined && !knownModel(data.model)) {
    add(
      'skill/model',
      'error',
      `Unknown model ${JSON.stringify(data.model)}.`,
      `Use ${CLAUDE_CODE.models.join(', ')} or a full model id (claude-...).`,
      'model',
    );
  }
  if (data.context !== undefined && data.context !== null && !CONTEXTS.includes(data.context as string)) {
    add(
      'skill/context',
      'error',
      `"context" must be ${CONTEXTS.join(' or ')}, not ${JSON.stringify(data.context)}.`,
      'Write "context: fork" or leave it out.',
      'context',
    );
  }
  if (data.effort !== undefined && !EFFORTS.includes(String(data.effort)) && !/^\d+$/.test(String(data.effort))) {
    add(
      'skill/effort',
      'warning',
      `Unknown effort ${JSON.stringify(data.effort)}; Claude Code ignores it.`,
      `Use ${EFFORTS.join(', ')} or a whole number.`,
      'effort',
    );
  }
  for (const key of ['disable-model-invocation', 'user-invocable']) {
    if (data[key] !== undefined && typeof data[key] !== 'boolean') {
      add('skill/field-type', 'warning', `"${key}" must be true or false, not ${JSON.stringify(data[key])}.`, `Write "${key}: true" or "${key}: false".`, key);
    }
  }
  for (const key of ['allowed-tools', 'disallowed-tools', 'disallowedTools']) if (data[key] !== undefined) checkTools(key, data[key], add, 'skill');
  return findings;
}

/** The names in an agent's `skills:`: a YAML list or a comma-separated string; null when it is neither. */
function preloads(value: unknown): string[] | null {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim());
  return null;
}

/**
 * Agents' `skills:` against the project's skills: every name must be a skill the project has. In a
 * create-agents project (`recorded`) a missing one is an error; elsewhere a warning, since it may be a
 * user's or a plugin's skill.
 */
export function checkPreloads(agents: readonly AgentFile[], skills: readonly SkillFolder[], recorded: boolean): Finding[] {
  const findings: Finding[] = [];
  const known = new Set(skills.filter((s) => s.file).map((s) => s.name));
  for (const agent of agents) {
    const value = agent.data?.skills;
    if (value === undefined || value === null) continue;
    const line = agent.keyLines.skills;
    const at = { file: agent.path, ...(line ? { line } : {}) };
    const names = preloads(value);
    if (!names) {
      findings.push({
        ...at,
        rule: 'agent/skills',
        severity: 'error',
        message: '"skills" must be a list of skill names.',
        fix: 'Write "skills:" then "  - <skill name>" lines.',
      });
      continue;
    }
    for (const name of names) {
      // A plugin's skill (`plugin:skill`) lives outside the project.
      if (known.has(name) || name.includes(':')) continue;
      findings.push({
        ...at,
        rule: 'agent/unknown-skill',
        severity: recorded ? 'error' : 'warning',
        message: `The agent preloads skill "${name}", but the project has no ${SKILLS_DIR}/${name}/SKILL.md.`,
        fix: recorded
          ? `Add the skill, or remove "${name}" from skills.`
          : `Add the skill to ${SKILLS_DIR}/, or remove "${name}" unless it is one of your user skills.`,
      });
    }
  }
  return findings;
}
