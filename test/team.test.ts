import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT_NAME } from '../src/names.js';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import type { TemplateSource } from '../src/templates/types.js';
import { REPO } from './helpers/cli.js';

let source: TemplateSource;
beforeAll(async () => {
  source = await folderSource(join(REPO, 'templates'));
});

/** Every agent name any stack knows, with aliases mapped to the agent they stand for. */
function knownNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const stack of source.registry.stacks) {
    for (const agent of stack.agents) {
      names.set(agent.name, agent.name);
      for (const alias of agent.aliases ?? []) names.set(alias, agent.name);
    }
  }
  return names;
}

function mentions(text: string, names: Map<string, string>): Set<string> {
  const found = new Set<string>();
  for (const [name, agent] of names) {
    if (new RegExp(`(?<![a-z0-9-])${name}(?![a-z0-9-])`).test(text)) found.add(agent);
  }
  return found;
}

async function render(stackId: string, agents: string[]) {
  const answers: Answers = { dir: 'x', stack: stackId, name: 'Acme', agents, model: null, supabase: true, kit: [], git: false };
  return renderProject(source, answers, 'x');
}

describe('one team, no dangling names', () => {
  it('every stack has 4 to 8 agents with valid, unique names, and a test engineer and a security reviewer', () => {
    for (const stack of source.registry.stacks) {
      const names = stack.agents.map((a) => a.name);
      expect(names.length).toBeGreaterThanOrEqual(4);
      expect(names.length).toBeLessThanOrEqual(8);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) expect(n).toMatch(AGENT_NAME);
      expect(names).toContain('test-engineer');
      expect(names.some((n) => /secur/.test(n))).toBe(true);
    }
  });

  it('finds a dangling name when there is one (the check can fail)', () => {
    expect(mentions('Hand off to database-engineer.', knownNames())).toEqual(new Set(['database-engineer']));
    expect(mentions('escalate to the security-agent.', knownNames())).toEqual(new Set(['security-vulnerability-analyzer']));
    expect(mentions('a vue-test-engineer-like name', knownNames()).has('test-engineer')).toBe(false);
  });

  const stacks = ['vue-crm', 'astro-ims', 'react-chat', 'n8n-api', 'supabase'];
  for (const stackId of stacks) {
    it(`${stackId}: the full team and every team missing one agent name only present agents`, async () => {
      const stack = source.registry.stacks.find((s) => s.id === stackId)!;
      const all = stack.agents.map((a) => a.name);
      const teams = [all, ...all.filter((n) => n !== stack.lead).map((left) => all.filter((n) => n !== left))];
      const names = knownNames();
      for (const team of teams) {
        const files = await render(stackId, team);
        const rendered = new Set(files.filter((f) => f.path.startsWith('.claude/agents/')).map((f) => f.path.slice(15, -3)));
        expect([...rendered].sort()).toEqual([...team].sort());
        for (const file of files.filter((f) => f.path.endsWith('.md'))) {
          const stray = [...mentions(file.content, names)].filter((n) => !rendered.has(n));
          expect(stray, `${file.path} with team ${team.join(',')}`).toEqual([]);
        }
        const claude = files.find((f) => f.path === 'CLAUDE.md');
        expect(claude, 'CLAUDE.md is rendered').toBeDefined();
        for (const member of team) expect(claude!.content).toContain(member);
        expect(claude!.content.split('\n').length).toBeLessThan(200);
      }
    });
  }
});
