import { resolveAnswers } from '../answers.js';
import { UserError } from '../errors.js';
import { renderProject } from '../render/project.js';
import type { TemplateSource } from '../templates/types.js';
import type { Finding } from './finding.js';
import { checkProject } from './project.js';
import { memoryTree } from './tree.js';

/** The answer sets every stack is rendered with: the defaults, the lead agent alone, no Supabase starter. */
const VARIANTS: Array<{ label: string; flags: (seedAgent: string) => Record<string, string | boolean> }> = [
  { label: 'default answers', flags: () => ({}) },
  { label: 'lead agent only', flags: (seed) => ({ agents: seed }) },
  { label: '--no-supabase', flags: () => ({ supabase: false }) },
];

/**
 * Renders every stack of a templates folder in memory and runs the project rules over each render.
 * Findings name `<stack>/<file>`; one seen only in a variant says which.
 */
export async function checkTemplates(source: TemplateSource, cwd: string): Promise<{ findings: Finding[]; renders: number }> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let renders = 0;
  for (const stack of source.registry.stacks) {
    for (const variant of VARIANTS) {
      let files;
      try {
        const answers = await resolveAnswers({ registry: source.registry, flags: { stack: stack.id, git: false, ...variant.flags(stack.seedAgent) }, dir: stack.id, interactive: false, yes: true, cwd });
        files = await renderProject(source, answers, stack.id.replace(/[^A-Za-z0-9_-]/g, '_'));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        findings.push({ file: `stacks/${stack.id}`, rule: 'template/render', severity: 'error', message: `${error.message} (${variant.label})`, fix: error.hint ?? 'Fix the template.' });
        continue;
      }
      renders++;
      for (const f of (await checkProject(memoryTree(files), source.registry, stack.id)).findings) {
        const key = `${stack.id}\0${f.file}\0${f.line}\0${f.rule}\0${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({ ...f, file: `${stack.id}/${f.file}`, message: variant.label === 'default answers' ? f.message : `${f.message} [${variant.label}]` });
      }
    }
  }
  return { findings, renders };
}
