import type Handlebars from 'handlebars';
import { COMPILE_OPTIONS } from './helpers.js';
import type { UncompiledStack } from './types.js';

/**
 * The source of a module holding a stack's templates precompiled by Handlebars (for the build): the
 * same shape as the stack's sources, each template replaced by `Handlebars.precompile`'s spec.
 * `where` names a template in errors.
 */
export function precompiledModule(hb: typeof Handlebars, stack: UncompiledStack<string>, where: (template: string) => string): string {
  const spec = (source: string, name: string) => {
    try {
      return hb.precompile(source, COMPILE_OPTIONS) as string;
    } catch (error) {
      throw new Error(`${where(name)}: ${(error as Error).message}`);
    }
  };
  const json = JSON.stringify;
  const agents = stack.agents.map((agent) => {
    const frontMatter = agent.frontMatter.map(([key, value]) =>
      'template' in value
        ? `[${json(key)}, { template: ${spec(value.template, `agents/${agent.name}.md.hbs, front matter "${key}"`)} }]`
        : `[${json(key)}, ${json(value)}]`,
    );
    return `{ name: ${json(agent.name)}, frontMatter: [${frontMatter.join(', ')}], body: ${spec(agent.body, `agents/${agent.name}.md.hbs`)} }`;
  });
  const files = stack.files.map(
    (f) =>
      `{ path: ${json(f.path)}, part: ${json(f.part)}, template: ${f.template === null ? 'null' : spec(f.template, f.path)}, content: ${json(f.content)} }`,
  );
  const partials = Object.entries(stack.partials).map(([name, source]) => `${json(name)}: ${spec(source, `partials/${name}.hbs`)}`);
  const frontMatter = stack.frontMatter ? `  frontMatter: ${json(stack.frontMatter)},\n` : '';
  return `export default {\n  agents: [\n${agents.join(',\n')}\n  ],\n  files: [\n${files.join(',\n')}\n  ],\n  partials: {\n${partials.join(',\n')}\n  },\n${frontMatter}};\n`;
}
