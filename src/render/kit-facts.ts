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

/** A one-line plain or double-quoted YAML value: read without a YAML library (the usual case). */
const SIMPLE_VALUE = /^(?:"((?:[^"\\]|\\["\\/bfnrt])*)"|([^\s"'|>[\]{}&*!%@`#,?:-][^\n]*))$/;

/** A rendered SKILL.md's description, one line. */
async function descriptionOf(content: string): Promise<string> {
  const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(content)?.[1] ?? '';
  const line = /^description:[ \t]*(.*?)[ \t]*$/m.exec(block)?.[1] ?? '';
  const simple = SIMPLE_VALUE.exec(line);
  let description: unknown;
  if (simple && (simple[1] !== undefined || !/:\s| #/.test(simple[2]!))) description = simple[1] !== undefined ? JSON.parse(`"${simple[1]}"`) : simple[2];
  else description = (await import('../front-matter/read.js')).readFrontMatter(content).data.description;
  return String(description ?? '')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * The context with what the rendered kit holds: the skills written (name, and the description of the
 * rendered SKILL.md), the `deny` rules of .claude/settings.json and what its `ask` rules ask about.
 */
export async function withKit(context: RenderContext, templates: StackTemplates, kit: readonly PlannedFile[]): Promise<RenderContext> {
  const written = new Map(kit.flatMap((f) => (skillOf(f.path, true) ? [[skillOf(f.path, true)!, f.content] as const] : [])));
  const skills = await Promise.all(
    templates.meta.skills.filter((s) => written.has(s.name)).map(async (s) => ({ name: s.name, description: await descriptionOf(written.get(s.name)!) })),
  );
  const permissions = (readJson(kit, '.claude/settings.json')?.permissions ?? {}) as Record<string, unknown>;
  return {
    ...context,
    skills,
    permissions: { deny: strings(permissions.deny), ask: commandsOf(strings(permissions.ask)) },
  };
}
