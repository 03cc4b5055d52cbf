import Handlebars from 'handlebars';
import { COMPILE_OPTIONS, registerHelpers } from './helpers.js';
import { scanTemplates } from './scan.js';
import type { ScannedStack, ScannedTemplates } from './scan.js';
import type { AgentTemplate, FrontMatterValue, StackTemplates, TemplateFn, TemplateSource } from './types.js';

type FullHandlebars = typeof import('handlebars');

const hasTags = (text: string) => text.includes('{{');

/** Compiles a scanned stack at run time (for `--templates` folders and tests). */
export function compileStack(hb: FullHandlebars, stack: ScannedStack, partials: ScannedTemplates['partials']): StackTemplates {
  const env = hb.create();
  registerHelpers(env);
  const compile = (source: string): TemplateFn => {
    const fn = env.compile(source, COMPILE_OPTIONS);
    return (context) => fn(context);
  };
  const compiledPartials: Record<string, TemplateFn> = {};
  for (const p of partials) {
    compiledPartials[p.name] = compile(p.source);
    env.registerPartial(p.name, compiledPartials[p.name]!);
  }
  const agents: Record<string, AgentTemplate> = {};
  for (const agent of stack.agents) {
    agents[agent.name] = {
      name: agent.name,
      frontMatter: agent.frontMatter.map(([key, value]): [string, FrontMatterValue] => [
        key,
        typeof value === 'string' && hasTags(value) ? { render: compile(value) } : { literal: value },
      ]),
      body: compile(agent.body),
    };
  }
  const files = stack.files.map((f) => ({
    path: f.path,
    part: f.part,
    render: f.template ? compile(f.source) : null,
    content: f.template ? '' : f.source,
  }));
  return { meta: stack.meta, agents, files, partials: compiledPartials };
}

/** A template source reading a folder of the user's: scanned and compiled when first used. */
export async function folderSource(root: string): Promise<TemplateSource> {
  const hb = Handlebars as unknown as FullHandlebars;
  const scanned = scanTemplates(root);
  return {
    label: root,
    registry: scanned.registry,
    async loadStack(id) {
      const stack = scanned.stacks.find((s) => s.meta.id === id);
      if (!stack) throw new Error(`Unknown stack ${id}`);
      return compileStack(hb, stack, scanned.partials);
    },
  };
}
