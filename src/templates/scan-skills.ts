import { FrontMatterError, readFrontMatter } from '../front-matter/read.js';
import { SKILL_NAME, SKILLS_DIR } from '../names.js';
import type { SkillMeta } from './types.js';

/** Lines holding only Handlebars tags (`{{#if supabase}}`) before a skill's front matter. */
const LEADING_TAGS = /^(?:[ \t]*\{\{[^}]*\}\}[ \t]*\r?\n)+/;

/**
 * The skills among a stack's files (`.claude/skills/<name>/SKILL.md`), read from each template's front
 * matter: `name` must be the folder's name, and `description` is kept as written (the build replaces it
 * with its render for the default answers, for `list`). `fail` reports a problem in the file at `origin`.
 */
export function skillsOf(files: ReadonlyArray<{ path: string; source: string; origin: string }>, fail: (path: string, message: string) => never): SkillMeta[] {
  const skills: SkillMeta[] = [];
  const folders = new Set(files.filter((f) => f.path.startsWith(`${SKILLS_DIR}/`)).map((f) => f.path.split('/')[2]!));
  for (const folder of folders) {
    const file = files.find((f) => f.path === `${SKILLS_DIR}/${folder}/SKILL.md`);
    if (!file) {
      const other = files.find((f) => f.path.startsWith(`${SKILLS_DIR}/${folder}/`))!;
      fail(other.origin, `the skill folder ${folder}/ has no SKILL.md (or SKILL.md.hbs).`);
    }
    if (!SKILL_NAME.test(folder) || folder.length > 64) fail(file.origin, `a skill's folder name must match ${SKILL_NAME} (at most 64 characters).`);
    let data: Record<string, unknown>;
    try {
      data = readFrontMatter(file.source.replace(LEADING_TAGS, '')).data;
    } catch (error) {
      if (!(error instanceof FrontMatterError)) throw error;
      fail(file.origin, `a skill starts with YAML front matter between two "---" lines (after lines such as {{#if supabase}}): ${error.message}`);
    }
    if (data.name !== folder) fail(file.origin, `front matter "name" must be "${folder}", the folder's name.`);
    if (typeof data.description !== 'string' || !data.description.trim()) fail(file.origin, 'front matter "description" must be text.');
    skills.push({ name: folder, description: data.description.trim().replace(/\s+/g, ' ') });
  }
  return skills.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
