import { SKILLS_DIR } from '../names.js';
import type { FilePart, StackTemplates } from '../templates/types.js';
import type { RenderContext } from './context.js';
import type { PlannedFile } from './render.js';

/**
 * Renders the stack's files of `parts`. A template that renders to nothing (all of it inside a false
 * {{#has}} or {{#if}}) is not written, and neither is the rest of a skill's folder when its SKILL.md
 * is not. `onFile` hears of each file before it renders (for error messages).
 */
export function renderFiles(templates: StackTemplates, parts: readonly FilePart[], context: RenderContext, onFile?: (path: string) => void): PlannedFile[] {
  const planned: PlannedFile[] = [];
  for (const file of parts.flatMap((part) => templates.files.filter((f) => f.part === part))) {
    onFile?.(file.path);
    const content = file.render ? file.render(context) : file.content;
    if (file.render && content.trim() === '') continue;
    planned.push({ path: file.path, content });
  }
  const skills = new Set(planned.map((f) => skillOf(f.path, true)).filter(Boolean));
  return planned.filter((f) => !f.path.startsWith(`${SKILLS_DIR}/`) || skills.has(skillOf(f.path, false)));
}

/** The skill a path belongs to; with `only`, only for the skill's SKILL.md itself. */
function skillOf(path: string, only: boolean): string | undefined {
  const parts = path.split('/');
  if (parts.length < 4 || `${parts[0]}/${parts[1]}` !== SKILLS_DIR) return undefined;
  return !only || (parts.length === 4 && parts[3] === 'SKILL.md') ? parts[2] : undefined;
}

/** A JSON file of the kit, parsed; a broken one is the template's fault and says so. */
function readJson(files: readonly PlannedFile[], path: string): Record<string, unknown> | null {
  const file = files.find((f) => f.path === path);
  if (!file) return null;
  try {
    const value: unknown = JSON.parse(file.content);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * What `ask` rules ask about, each once: a Bash rule as its command, without `npx` and the final
 * wildcard (`Bash(npx supabase db push *)` and `Bash(supabase db push *)` are `supabase db push`).
 */
function commandsOf(rules: string[]): string[] {
  const bash = (rule: string) =>
    /^Bash\((.*)\)$/
      .exec(rule)?.[1]
      ?.replace(/^npx\s+/, '')
      .replace(/(?:\s*\*|:\*)$/, '');
  return [...new Set(rules.map((rule) => bash(rule) || rule))];
}

/**
 * The context with what the rendered kit holds: the skills written (name and description, from the
 * stack's skill list), the `deny` rules of .claude/settings.json and what its `ask` rules ask about, the
 * servers of .mcp.json.
 */
export function withKit(context: RenderContext, templates: StackTemplates, kit: readonly PlannedFile[]): RenderContext {
  const written = new Set(kit.map((f) => skillOf(f.path, true)).filter(Boolean));
  const permissions = (readJson(kit, '.claude/settings.json')?.permissions ?? {}) as Record<string, unknown>;
  const servers = readJson(kit, '.mcp.json')?.mcpServers;
  return {
    ...context,
    skills: templates.meta.skills.filter((s) => written.has(s.name)),
    permissions: { deny: strings(permissions.deny), ask: commandsOf(strings(permissions.ask)) },
    mcpServers: servers && typeof servers === 'object' && !Array.isArray(servers) ? Object.keys(servers) : [],
  };
}
