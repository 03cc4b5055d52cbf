import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import { REPO, tempDir } from './helpers/cli.js';

describe('a templates folder', () => {
  it('renders shared files for every stack, and a stack file at the same path takes their place', async () => {
    const dir = join(tempDir(), 'templates');
    cpSync(join(REPO, 'templates'), dir, { recursive: true });
    mkdirSync(join(dir, 'shared/files/docs'), { recursive: true });
    writeFileSync(join(dir, 'shared/files/docs/NOTES.md.hbs'), 'Shared notes for {{stack.id}}\n');
    mkdirSync(join(dir, 'stacks/supabase/files/docs'), { recursive: true });
    writeFileSync(join(dir, 'stacks/supabase/files/docs/NOTES.md'), 'The supabase stack keeps its own notes\n');
    const source = await folderSource(dir);
    const render = async (stack: string) => {
      const answers: Answers = { dir: 'x', stack, name: 'X', agents: [], model: null, supabase: false, kit: [], git: false };
      return (await renderProject(source, answers, 'x')).find((f) => f.path === 'docs/NOTES.md')?.content;
    };
    expect(await render('vue-crm')).toBe('Shared notes for vue-crm\n');
    expect(await render('supabase')).toBe('The supabase stack keeps its own notes\n');
  });

  it('names the file to fix when a template is broken', async () => {
    const dir = join(tempDir(), 'templates');
    cpSync(join(REPO, 'templates'), dir, { recursive: true });
    writeFileSync(join(dir, 'stacks/supabase/agents/test-engineer.md.hbs'), '---\nname: [unclosed\n---\nbody\n');
    await expect(folderSource(dir)).rejects.toThrow(/stacks\/supabase\/agents\/test-engineer\.md\.hbs: front matter is not valid YAML/);
  });
});
