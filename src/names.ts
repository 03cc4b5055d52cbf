/** Where a project's agent files live. */
export const AGENTS_DIR = '.claude/agents';

/** Where a project's skills live: one folder per skill, `<name>/SKILL.md`. */
export const SKILLS_DIR = '.claude/skills';

/** Skill names: as agent names, at most 64 characters (Claude Code's rule). */
export const SKILL_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Agent names: lowercase words joined by hyphens, starting with a letter (Claude Code's rule). */
export const AGENT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The Supabase CLI keeps `project_id` to 40 characters (Docker host names must fit in 63). */
export const MAX_PROJECT_ID = 40;

/** Supabase's own rule for a recorded project_id; it also names the folder update may have npx create. */
export const PROJECT_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** A version as npm publishes it: update passes a recorded one to npx, so nothing else may get through. */
export const SEMVER = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?$/;

/**
 * Supabase `project_id` from a folder name, as the Supabase CLI sanitizes it: characters outside
 * `[A-Za-z0-9_-]` become `_`, leading `_` and `-` are dropped, and it is cut to 40 characters.
 */
export function projectIdFrom(folderName: string): string {
  const id = folderName
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .replace(/^[_-]+/, '')
    .slice(0, MAX_PROJECT_ID);
  return id || 'project';
}

/** A folder name from a display name: `Chatly MVP` becomes `chatly-mvp`. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'agents-project'
  );
}

/** Quotes text for a POSIX shell when it needs it: single quotes, so nothing is expanded. */
export function shellQuote(text: string): string {
  return /^[\w./@:,+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
