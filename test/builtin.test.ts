import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { renderedSkillDescriptions } from '../src/render/render.js';
import { builtinSource } from '../src/templates/builtin.js';
import { folderSource } from '../src/templates/folder.js';
import { REPO } from './helpers/cli.js';

describe('the precompiled built-in templates', () => {
  it('render exactly what templates/ renders through Handlebars at run time, with the default answers and others', async () => {
    const folder = await folderSource(join(REPO, 'templates'));
    // The build writes skills' descriptions as the default answers render them.
    expect(builtinSource.registry).toEqual({ ...folder.registry, stacks: await renderedSkillDescriptions(folder) });
    for (const stack of folder.registry.stacks) {
      const defaults: Answers = {
        dir: 'x',
        stack: stack.id,
        name: stack.defaults.name,
        agents: stack.agents.map((a) => a.name),
        model: null,
        supabase: true,
        kit: ['settings', 'skills', 'mcp'],
        git: false,
      };
      const others: Answers = { ...defaults, name: 'Other: "name" #1', agents: [stack.lead], model: 'haiku', supabase: false };
      for (const answers of [defaults, others]) {
        expect(await renderProject(builtinSource, answers, 'x')).toEqual(await renderProject(folder, answers, 'x'));
      }
      // The default answers' front matter comes written from the build (the folder's is written now, by
      // the YAML library, and the renders above are equal).
      expect(Object.keys((await builtinSource.loadStack(stack.id)).frontMatter ?? {})).toHaveLength(stack.agents.length);
    }
  });
});
