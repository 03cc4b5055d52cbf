/**
 * What Claude Code reads in an agent or skill file, as data: read from Claude Code 2.1.197 (the tools of its
 * `init` event, `claude -p hi --output-format stream-json --verbose`) and its documentation. The agent
 * and skill rules judge front matter by this table alone; a newer Claude Code is one edit here.
 */
export const CLAUDE_CODE = {
  version: '2.1.197',
  /** Tool names an agent's `tools` may list. */
  tools: [
    'Agent',
    'Bash',
    'Read',
    'Write',
    'Edit',
    'Glob',
    'Grep',
    'NotebookEdit',
    'WebFetch',
    'WebSearch',
    'Skill',
    'TodoWrite',
    'TaskCreate',
    'TaskGet',
    'TaskList',
    'TaskUpdate',
    'TaskOutput',
    'TaskStop',
    'SendMessage',
    'TeamCreate',
    'TeamDelete',
    'AskUserQuestion',
    'EnterPlanMode',
    'ExitPlanMode',
    'ToolSearch',
    'EnterWorktree',
    'ExitWorktree',
    'CronCreate',
    'CronDelete',
    'CronList',
  ],
  /** Older names Claude Code still maps to the current one. */
  toolAliases: { Task: 'Agent', BashOutput: 'TaskOutput', KillShell: 'TaskStop', KillBash: 'TaskStop' } as Record<string, string>,
  /** Names Claude Code no longer has: an agent listing one silently loses it. */
  retiredTools: { MultiEdit: 'Edit', LS: 'Glob' } as Record<string, string>,
  models: ['sonnet', 'opus', 'haiku', 'fable', 'inherit'],
  colors: ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'cyan'],
  /** Agents Claude Code brings itself: a body may hand work to them in any project. */
  builtinAgents: ['general-purpose', 'Explore', 'Plan', 'statusline-setup', 'claude-code-guide'],
  /** Front-matter fields an agent may have. */
  fields: [
    'name',
    'description',
    'tools',
    'disallowedTools',
    'model',
    'color',
    'permissionMode',
    'maxTurns',
    'skills',
    'mcpServers',
    'hooks',
    'memory',
    'effort',
  ],
  /**
   * Front-matter fields a skill (`.claude/skills/<name>/SKILL.md`) may have: those Claude Code 2.1.197's
   * skill schema documents, and `license` and `metadata` of the Agent Skills standard, which it accepts.
   */
  skillFields: [
    'name',
    'description',
    'when_to_use',
    'argument-hint',
    'arguments',
    'allowed-tools',
    'disallowed-tools',
    'disallowedTools',
    'model',
    'effort',
    'context',
    'agent',
    'disable-model-invocation',
    'user-invocable',
    'paths',
    'hooks',
    'shell',
    'version',
    'license',
    'metadata',
  ],
  /** Where a skill runs (`context`): in the conversation, or in a subagent of its own. */
  skillContexts: ['inline', 'fork'],
  /** Thinking effort (`effort`), besides a whole number. */
  efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
} as const;
