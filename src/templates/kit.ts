/**
 * The Claude Code kit: what a project gets besides its agents, each part optional (`--kit`). A part's
 * templates live in a folder of that name, in a stack's folder and in shared/ (templates/README.md),
 * and are written under `dest` in the project.
 */
export const KIT_PARTS = [
  { name: 'settings', description: '.claude/settings.json: permissions that keep agents away from secrets', dest: '.claude/' },
  { name: 'skills', description: ".claude/skills/: the project's recurring work, as skills", dest: '.claude/skills/' },
  { name: 'mcp', description: '.mcp.json: MCP servers the agents use', dest: '' },
] as const;

export type KitPart = (typeof KIT_PARTS)[number]['name'];
