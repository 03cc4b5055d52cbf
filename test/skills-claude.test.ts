import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeInit, pluginOf, validatePlugin } from './helpers/claude-init.js';
import { REPO } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const STACKS: string[] = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks;

const names = (dir: string) => readdirSync(dir).sort();
const agentsOf = (project: string) => names(join(project, '.claude/agents')).map((f) => f.replace(/\.md$/, ''));

describe('Claude Code loads every rendered skill', () => {
  for (const stack of STACKS) {
    it(`${stack}: the init event lists every skill and every agent, and plugin validate --strict accepts them`, async () => {
      const project = await renderProject(stack);
      const skills = names(join(project, '.claude/skills'));
      expect(skills).toEqual(expect.arrayContaining(['add-edge-function', 'add-migration']));
      const init = claudeInit(project);
      expect(init.skills).toEqual(expect.arrayContaining(skills));
      expect(init.agents).toEqual(expect.arrayContaining(agentsOf(project)));
      const { code, output } = validatePlugin(pluginOf(project));
      // The validator names only files with problems; the last test shows that it reads skills.
      expect(output).not.toMatch(/error|warning|failed/i);
      expect(code, output).toBe(0);
    });
  }

  it('and without the kit (--kit none) no skill is written or loaded', async () => {
    const project = await renderProject('supabase', { extraArgs: ['--kit', 'none'] });
    expect(readdirSync(join(project, '.claude'))).not.toContain('skills');
    for (const agent of agentsOf(project)) expect(readFileSync(join(project, '.claude/agents', `${agent}.md`), 'utf8')).not.toMatch(/^skills:/m);
    expect(readFileSync(join(project, 'CLAUDE.md'), 'utf8')).not.toMatch(/## Skills|\/add-migration/);
    const init = claudeInit(project);
    expect(init.skills).not.toContain('add-migration');
    expect(init.agents).toEqual(expect.arrayContaining(agentsOf(project)));
  });

  it('plugin validate rejects a skill whose front matter is broken, so the check can fail', async () => {
    const project = await renderProject('supabase', { agents: [] });
    const plugin = pluginOf(project);
    const file = join(plugin, 'skills/add-migration/SKILL.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^description: .*$/m, 'description: Context: broken: yaml'));
    const { code, output } = validatePlugin(plugin);
    expect(code).not.toBe(0);
    expect(output).toMatch(/add-migration[\s\S]*YAML frontmatter failed to parse/);
  });
});
