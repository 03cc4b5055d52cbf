import { AGENT_NAME } from '../names.js';
import type { RegistryMeta } from '../templates/types.js';
import type { AgentFile } from './agent-file.js';
import { CLAUDE_CODE } from './claude-code.js';
import { type Finding, lineOf } from './finding.js';

const MODELS: readonly string[] = CLAUDE_CODE.models;
const COLORS: readonly string[] = CLAUDE_CODE.colors;
const TOOLS: readonly string[] = CLAUDE_CODE.tools;
const FIELDS: readonly string[] = CLAUDE_CODE.fields;

const MCP_TOOL = /^mcp__[A-Za-z0-9_.-]+?(?:__[A-Za-z0-9_.*-]+)?$/;
const TOOL_ENTRY = /^([A-Za-z][A-Za-z0-9_]*)(?:\(.*\))?$/;
const CLAUDE_MODEL_ID = /^claude-[a-z0-9][a-z0-9.-]*(?:\[[a-z0-9]+\])?$/;

export type Add = (rule: string, severity: Finding['severity'], message: string, fix: string, key?: string) => void;

/** Adds a finding on a front-matter file (an agent or a skill) to `findings`, at the line of `key` when given. */
export function adderFor(file: AgentFile, findings: Finding[]): Add {
  return (rule, severity, message, fix, key) => {
    const line = key ? file.keyLines[key] : undefined;
    findings.push({ file: file.path, ...(line ? { line } : {}), rule, severity, message, fix });
  };
}

/** Whether Claude Code knows a model name: an alias or a full model id. */
export function knownModel(model: unknown): boolean {
  return typeof model === 'string' && (MODELS.includes(model) || CLAUDE_MODEL_ID.test(model));
}

/** The rules on one agent file's own content: front matter fields and their values. */
export function checkAgent(file: AgentFile): Finding[] {
  const findings = [...file.findings];
  const data = file.data;
  if (!data) return findings;
  const add = adderFor(file, findings);
  checkName(file, data.name, add);
  if (data.description === undefined || data.description === null || data.description === '') {
    add(
      'agent/description-missing',
      'error',
      'The front matter has no "description": Claude Code cannot tell when to use the agent.',
      'Add "description:" saying when to delegate to this agent.',
    );
  } else if (typeof data.description !== 'string') {
    add(
      'agent/description-type',
      'error',
      `"description" must be text, not ${describe(data.description)}.`,
      'Quote the description or write it as a block scalar ("description: |").',
      'description',
    );
  }
  if (data.model !== undefined) {
    const model = data.model;
    if (!knownModel(model)) {
      add('agent/model', 'error', `Unknown model ${JSON.stringify(model)}.`, `Use ${MODELS.join(', ')} or a full model id (claude-...).`, 'model');
    }
  }
  if (data.color !== undefined && (typeof data.color !== 'string' || !COLORS.includes(data.color))) {
    add('agent/color', 'warning', `Unknown color ${JSON.stringify(data.color)}; Claude Code ignores it.`, `Use one of ${COLORS.join(', ')}.`, 'color');
  }
  for (const key of Object.keys(data)) {
    if (!FIELDS.includes(key)) {
      add(
        'agent/unknown-field',
        'warning',
        `Claude Code ${CLAUDE_CODE.version} reads no front-matter field "${key}"; it is ignored.`,
        `Remove it, or fix its spelling (fields: ${FIELDS.join(', ')}).`,
        key,
      );
    }
  }
  for (const key of ['tools', 'disallowedTools']) if (data[key] !== undefined) checkTools(key, data[key], add);
  return findings;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value && typeof value === 'object' ? 'a mapping' : typeof value;
}

function checkName(file: AgentFile, name: unknown, add: Add) {
  if (name === undefined || name === null || name === '') {
    add('agent/name-missing', 'error', 'The front matter has no "name".', `Add "name: ${AGENT_NAME.test(file.stem) ? file.stem : 'my-agent'}".`);
    return;
  }
  if (typeof name !== 'string') {
    add('agent/name-format', 'error', `The name must be text, not ${describe(name)}.`, 'Quote it, e.g. name: "api-reviewer".', 'name');
    return;
  }
  if (!AGENT_NAME.test(name) || name.length < 3 || name.length > 50) {
    add(
      'agent/name-format',
      'warning',
      `The name ${JSON.stringify(name)} is not 3 to 50 lowercase letters, digits and hyphens starting with a letter.`,
      'Rename it, e.g. "api-reviewer".',
      'name',
    );
    return;
  }
  if (name !== file.stem) {
    add('agent/file-name', 'warning', `The file is named ${file.stem}.md but the agent is "${name}".`, `Rename the file to ${name}.md.`, 'name');
  }
}

/**
 * Tool lists: an agent's `tools` are comma-separated; a skill's `allowed-tools` may also be separated
 * by spaces (`Read Bash(git add *)`), never inside a rule's parentheses.
 */
function toolEntries(value: string, kind: 'agent' | 'skill'): string[] {
  if (kind === 'agent') return value.split(',');
  const entries: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === ',' || /\s/.test(char))) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  return [...entries, current].filter((e) => e.trim());
}

/** The rules on a list of tool names (`tools`, `disallowedTools`; a skill's `allowed-tools`). */
export function checkTools(key: string, value: unknown, add: Add, kind: 'agent' | 'skill' = 'agent') {
  const rule = `${kind}/tools`;
  const entries = typeof value === 'string' ? toolEntries(value, kind) : Array.isArray(value) ? value : null;
  if (!entries || entries.some((e) => typeof e !== 'string')) {
    add(rule, 'error', `"${key}" must be a comma-separated list of tool names.`, `Write e.g. "${key}: Read, Grep, Glob, Bash".`, key);
    return;
  }
  for (const raw of entries as string[]) {
    const entry = raw.trim();
    if (!entry || entry === '*' || MCP_TOOL.test(entry)) continue;
    const tool = TOOL_ENTRY.exec(entry)?.[1];
    if (tool && Object.hasOwn(CLAUDE_CODE.retiredTools, tool)) {
      add(
        `${rule}-retired`,
        'warning',
        `"${tool}" in ${key} is a retired tool name: Claude Code ${CLAUDE_CODE.version} drops it.`,
        `Use ${CLAUDE_CODE.retiredTools[tool]} instead.`,
        key,
      );
    } else if (tool && Object.hasOwn(CLAUDE_CODE.toolAliases, tool)) {
      add(
        `${rule}-alias`,
        'warning',
        `"${tool}" in ${key} is an older name that Claude Code maps to ${CLAUDE_CODE.toolAliases[tool]}.`,
        `Write ${CLAUDE_CODE.toolAliases[tool]}.`,
        key,
      );
    } else if (!tool || !TOOLS.includes(tool)) {
      add(rule, 'error', `Unknown tool ${JSON.stringify(entry)} in ${key}.`, `Use Claude Code tool names (${TOOLS.join(', ')}) or mcp__<server>__<tool>.`, key);
    }
  }
}

/** The agent names a project may mention: every name and alias the templates know. */
export interface AgentVocabulary {
  known: Set<string>;
  /** alias → the agent it stands for. */
  aliases: Map<string, string>;
}

/** Names from the registry; aliases count only for the project's stack when it is known. */
export function vocabularyOf(registry: RegistryMeta, stackId?: string): AgentVocabulary {
  const known = new Set<string>();
  const aliases = new Map<string, string>();
  const ownStack = registry.stacks.some((s) => s.id === stackId);
  for (const stack of registry.stacks) {
    for (const agent of stack.agents) {
      known.add(agent.name);
      for (const alias of agent.aliases ?? []) {
        known.add(alias);
        if (!ownStack || stack.id === stackId) aliases.set(alias, agent.name);
      }
    }
  }
  return { known, aliases };
}

const KEBAB = '[a-z][a-z0-9]*(?:-[a-z0-9]+)+';
const Q = '(?:[`\'"]|\\*\\*)?';
/** Phrases that name an agent whatever its name: "use the x-y agent", "Defer to x-y", "Include: x-y". */
const PHRASES = new RegExp(
  [
    `\\buse (?:the )?${Q}(${KEBAB})${Q} (?:sub-?)?agent\\b`,
    `\\b(?:defer|escalate|hand(?: it| this| them| off| over)*) to (?:the )?${Q}(${KEBAB})`,
    `\\binclude:\\s*${Q}(${KEBAB})`,
    `\`(${KEBAB})\` (?:sub-?)?agent\\b`,
  ].join('|'),
  'gi',
);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every agent name a text mentions, with the offset of its first mention. */
export function mentionsIn(text: string, vocabulary: AgentVocabulary, names?: RegExp): Map<string, number> {
  const found = new Map<string, number>();
  const note = (name: string, at: number) => {
    if (!found.has(name) || found.get(name)! > at) found.set(name, at);
  };
  const byName = names ?? namePattern(vocabulary);
  if (byName) for (const m of text.matchAll(byName)) note(m[1]!, m.index);
  for (const m of text.matchAll(PHRASES)) {
    const name = m.slice(1).find(Boolean)!;
    if (name === name.toLowerCase()) note(name, m.index + m[0].indexOf(name));
  }
  return found;
}

export function namePattern(vocabulary: AgentVocabulary): RegExp | null {
  const names = [...vocabulary.known].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // A name followed by `.md` is a file name (an example, a path), not a handoff.
  return names.length ? new RegExp(`(?<![A-Za-z0-9_-])(${names.join('|')})(?![A-Za-z0-9_-]|\\.md\\b)`, 'g') : null;
}

/** Where a team's files come from: a create-agents project's agents, or agent files anywhere. */
export interface TeamScope {
  /**
   * The project's stack, when the files are a create-agents project's agents: only there is a mention
   * of another agent a handoff that must reach a member of the team.
   */
  project?: { stackAgents: ReadonlySet<string> };
  /** Names of agents known to exist that were not read. */
  others?: readonly string[];
}

/** The folder Claude Code loads an agent file with: the nearest `agents` folder above it, else its own. */
function loadedWith(path: string): string {
  const parts = path.split('/').slice(0, -1);
  const at = parts.lastIndexOf('agents');
  return (at === -1 ? parts : parts.slice(0, at + 1)).join('/');
}

const BUILTIN_AGENTS: ReadonlySet<string> = new Set(CLAUDE_CODE.builtinAgents);

/**
 * Rules across the team: names unique among the files Claude Code loads together, and, in a
 * create-agents project, every agent a body hands work to is in the team (the files given plus
 * `others`) or one of Claude Code's own.
 */
export function checkTeam(files: readonly AgentFile[], vocabulary: AgentVocabulary, scope: TeamScope = {}): Finding[] {
  const findings: Finding[] = [];
  const owner = new Map<string, string>();
  const team = new Set<string>(scope.others);
  for (const file of files) {
    team.add(file.stem);
    const name = file.data?.name;
    if (typeof name !== 'string') continue;
    team.add(name);
    const key = `${loadedWith(file.path)}\0${name}`;
    const first = owner.get(key);
    if (first) {
      const line = file.keyLines.name;
      findings.push({
        file: file.path,
        ...(line ? { line } : {}),
        rule: 'agent/name-duplicate',
        severity: 'error',
        message: `The name "${name}" is already used by ${first}; Claude Code loads only one of them.`,
        fix: 'Give each agent its own name.',
      });
    } else owner.set(key, file.path);
  }
  if (!scope.project) return findings;
  const { stackAgents } = scope.project;
  for (const [alias, agent] of vocabulary.aliases) if (team.has(agent)) team.add(alias);
  const names = namePattern(vocabulary);
  for (const file of files) {
    if (!file.data) continue;
    for (const [name, at] of mentionsIn(file.body, vocabulary, names ?? undefined)) {
      if (team.has(name) || BUILTIN_AGENTS.has(name)) continue;
      const offered = stackAgents.has(name) || stackAgents.has(vocabulary.aliases.get(name) ?? '');
      findings.push({
        file: file.path,
        line: file.bodyLine + lineOf(file.body, at) - 1,
        rule: 'agent/unknown-agent',
        severity: 'error',
        message: `The body hands work to "${name}", which is not an agent of this project.`,
        fix: offered
          ? `Add it (create-agents add ${vocabulary.aliases.get(name) ?? name}) or remove the mention.`
          : 'Name an agent of the project, or remove the mention.',
      });
    }
  }
  return findings;
}
