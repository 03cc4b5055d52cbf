/** Agent names: lowercase words joined by hyphens, starting with a letter (Claude Code's rule). */
export const AGENT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Supabase `project_id` from a folder name: characters outside `[A-Za-z0-9_-]` become `_`. */
export function projectIdFrom(folderName: string): string {
  const id = folderName.replace(/[^A-Za-z0-9_-]/g, '_');
  return /[A-Za-z0-9]/.test(id) ? id : 'project';
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
