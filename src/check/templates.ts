import { resolveAnswers } from '../answers.js';
import { UserError } from '../errors.js';
import { renderProject } from '../render/project.js';
import type { PlannedFile } from '../render/render.js';
import { KIT_PARTS } from '../templates/kit.js';
import { scanTemplates } from '../templates/scan.js';
import type { StackMeta, TemplateSource } from '../templates/types.js';
import type { Finding } from './finding.js';
import { checkProject } from './project.js';
import { checkTemplateSources } from './template-sources.js';
import { memoryTree } from './tree.js';

export interface Variant {
  label: string;
  flags: Record<string, string | boolean>;
}

/**
 * The answer sets every stack is rendered with: the defaults, the lead agent alone, the whole team
 * but one for each optional agent (a handoff between two optional agents must be guarded), no
 * Supabase starter, and the Claude Code kit without each of its parts and without any (text that
 * names a kit file must be guarded by it).
 */
export function variantsOf(stack: StackMeta): Variant[] {
  const optional = stack.agents.map((a) => a.name).filter((name) => name !== stack.lead);
  const teams = new Set<string>();
  const withTeam = (label: string, agents: string[]): Variant[] => {
    const key = agents.join(',');
    if (teams.has(key)) return [];
    teams.add(key);
    return [{ label, flags: { agents: agents.length ? key : stack.lead } }];
  };
  return [
    { label: 'default answers', flags: {} },
    ...withTeam('lead agent only', []),
    ...optional.flatMap((left) =>
      withTeam(
        `without ${left}`,
        optional.filter((n) => n !== left),
      ),
    ),
    { label: '--no-supabase', flags: { supabase: false } },
    ...KIT_PARTS.map((part) => ({
      label: `kit without ${part.name}`,
      flags: {
        kit: KIT_PARTS.filter((p) => p !== part)
          .map((p) => p.name)
          .join(','),
      },
    })),
    { label: '--kit none', flags: { kit: 'none' } },
  ];
}

/**
 * Renders every stack of a templates folder in memory, in every variant, and runs the project rules
 * over each render, plus the rules on the template sources themselves. Findings name `<stack>/<file>`;
 * each is reported once, with the first variant it shows in when that is not the default.
 */
export async function checkTemplates(source: TemplateSource, root: string, cwd: string): Promise<{ findings: Finding[]; renders: number }> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (f: Finding, label: string) => {
    const key = `${f.file}\0${f.line}\0${f.rule}\0${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(label === 'default answers' ? f : { ...f, message: `${f.message} [${label}]` });
  };
  const scanned = scanTemplates(root);
  let renders = 0;
  for (const stack of source.registry.stacks) {
    const sources = scanned.stacks.find((s) => s.meta.id === stack.id);
    for (const f of sources ? checkTemplateSources(root, sources) : []) report(f, 'default answers');
    for (const variant of variantsOf(stack)) {
      let files: PlannedFile[];
      try {
        const answers = await resolveAnswers({
          registry: source.registry,
          flags: { stack: stack.id, git: false, ...variant.flags },
          dir: stack.id,
          interactive: false,
          yes: true,
          cwd,
        });
        files = await renderProject(source, answers, stack.id.replace(/[^A-Za-z0-9_-]/g, '_'));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        report(
          { file: `stacks/${stack.id}`, rule: 'template/render', severity: 'error', message: error.message, fix: error.hint ?? 'Fix the template.' },
          variant.label,
        );
        continue;
      }
      renders++;
      if (variant.label === 'default answers' && !files.some((f) => f.path === 'CLAUDE.md')) {
        report(
          {
            file: `stacks/${stack.id}/files`,
            rule: 'template/claude-md-missing',
            severity: 'error',
            message: `Stack ${stack.id} renders no CLAUDE.md: Claude Code starts without the project's memory and the team's introduction.`,
            fix: `Add stacks/${stack.id}/files/CLAUDE.md.hbs.`,
          },
          variant.label,
        );
      }
      for (const f of (await checkProject(memoryTree(files), source.registry, stack.id)).findings)
        report({ ...f, file: `${stack.id}/${f.file}` }, variant.label);
    }
  }
  return { findings, renders };
}
