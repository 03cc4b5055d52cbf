import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFrontMatter } from '../src/front-matter/read.js';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import type { TemplateSource } from '../src/templates/types.js';
import { REPO } from './helpers/cli.js';

/**
 * Claude Code puts every agent's description into every session and picks agents by them, so the
 * descriptions of the agents other than the lead stay short, give one example, and ask for automatic
 * use ("PROACTIVELY") only where it is wanted after any change: reviews and tests.
 */
const MAX_LENGTH = 600;

interface Agent {
  name: string;
  description: string;
  tools: string;
}

/** A reviewer reads and reports: its tools can neither write files nor run commands. */
function isReview(agent: Agent): boolean {
  const tools = agent.tools.split(',').map((t) => t.trim());
  return tools.length > 0 && tools[0] !== '' && !tools.some((t) => ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Bash'].includes(t));
}

/** A tester's name says so: test-engineer, comprehensive-performance-tester. */
function isTest(agent: Agent): boolean {
  return /(^|-)test(er|s)?(-|$)|(^|-)tester$/.test(agent.name);
}

/** What is wrong with a non-lead agent's description, given the names of the rendered team. */
function descriptionProblems(agent: Agent, team: string[]): string[] {
  const problems: string[] = [];
  const { description } = agent;
  if (description.length > MAX_LENGTH) problems.push(`${description.length} characters, more than ${MAX_LENGTH}`);
  const examples = description.match(/<example>/g)?.length ?? 0;
  if (examples > 1) problems.push(`${examples} examples, more than one`);
  if (description.includes('PROACTIVELY') && !isReview(agent) && !isTest(agent)) {
    problems.push('PROACTIVELY in an agent that neither reviews (read-only tools) nor tests');
  }
  const notFor = /Not for:([^\n]*)/.exec(description)?.[1];
  if (notFor !== undefined) {
    const named = [...notFor.matchAll(/\(use ([a-z0-9-]+)\)/g)].map((m) => m[1]!);
    if (named.length === 0) problems.push('"Not for:" names no agent to use instead, as "(use <agent>)"');
    for (const other of named) {
      if (other === agent.name || !team.includes(other)) problems.push(`"Not for:" points at ${other}, not another agent of the team`);
    }
  }
  return problems;
}

let source: TemplateSource;
beforeAll(async () => {
  source = await folderSource(join(REPO, 'templates'));
});

async function renderedAgents(stackId: string, agents: string[]): Promise<Agent[]> {
  const answers: Answers = { dir: 'x', stack: stackId, name: 'Acme', agents, model: null, supabase: true, kit: [], git: false };
  const files = await renderProject(source, answers, 'x');
  return files
    .filter((f) => f.path.startsWith('.claude/agents/'))
    .map((f) => {
      const { data } = readFrontMatter(f.content);
      return { name: String(data.name), description: String(data.description ?? ''), tools: String(data.tools ?? '') };
    });
}

describe('descriptions of the agents other than the lead', () => {
  it('the check finds each kind of problem (it can fail)', () => {
    const team = ['lead', 'builder', 'test-engineer', 'reviewer'];
    const builder = { name: 'builder', tools: 'Read, Write, Edit, Bash', description: 'Use it. <example>a</example>' };
    expect(descriptionProblems(builder, team)).toEqual([]);
    expect(descriptionProblems({ ...builder, description: 'x'.repeat(601) }, team)).toHaveLength(1);
    expect(descriptionProblems({ ...builder, description: '<example>a</example><example>b</example>' }, team)).toHaveLength(1);
    expect(descriptionProblems({ ...builder, description: 'Use it PROACTIVELY.' }, team)).toHaveLength(1);
    expect(descriptionProblems({ ...builder, name: 'test-engineer', description: 'Use it PROACTIVELY.' }, team)).toEqual([]);
    expect(descriptionProblems({ ...builder, name: 'reviewer', tools: 'Read, Grep, Glob', description: 'Use it PROACTIVELY.' }, team)).toEqual([]);
    expect(descriptionProblems({ ...builder, description: 'Not for: reviews (use reviewer).' }, team)).toEqual([]);
    expect(descriptionProblems({ ...builder, description: 'Not for: reviews (use auditor).' }, team)).toHaveLength(1);
    expect(descriptionProblems({ ...builder, description: 'Not for: reviews.' }, team)).toHaveLength(1);
  });

  const stacks = ['vue-crm', 'astro-ims', 'react-chat', 'n8n-api', 'supabase'];
  for (const stackId of stacks) {
    it(`${stackId}: short, one example, PROACTIVELY only for reviews and tests, "Not for" pointing at the team (full team and each team missing one)`, async () => {
      const stack = source.registry.stacks.find((s) => s.id === stackId)!;
      const all = stack.agents.map((a) => a.name);
      const teams = [all, ...all.filter((n) => n !== stack.lead).map((left) => all.filter((n) => n !== left))];
      for (const team of teams) {
        for (const agent of await renderedAgents(stackId, team)) {
          if (agent.name === stack.lead) continue;
          expect(descriptionProblems(agent, team), `${stackId}/${agent.name} with team ${team.join(',')}`).toEqual([]);
        }
      }
    });
  }
});
