import type { Answers } from '../questions.js';
import { KIT_PARTS, type KitPart } from '../templates/kit.js';
import type { AgentMeta, SkillMeta, StackMeta, StarterFacts, SupabaseConfig } from '../templates/types.js';

export interface TeamMember extends AgentMeta {}

/** What every template sees. Free text stays data: it is never compiled as a template. */
export interface RenderContext {
  project: { name: string; id: string };
  stack: { id: string; description: string; supabase: SupabaseConfig; starter: StarterFacts };
  team: TeamMember[];
  agents: Record<string, boolean>;
  supabase: boolean;
  /** Which parts of the Claude Code kit are rendered (`{{#if kit.skills}}`). */
  kit: Record<KitPart, boolean>;
  /**
   * What the rendered kit holds, read from its files (src/render/kit-facts.ts): the skills written, the
   * permission rules of .claude/settings.json, the servers of .mcp.json. Empty while the kit's own
   * templates render.
   */
  skills: SkillMeta[];
  permissions: { deny: string[]; ask: string[] };
  mcpServers: string[];
}

/** The agents that will be rendered, in registry order, the lead agent always among them. */
export function teamOf(stack: StackMeta, chosen: readonly string[]): AgentMeta[] {
  const wanted = new Set([stack.lead, ...chosen]);
  return stack.agents.filter((a) => wanted.has(a.name));
}

export function buildContext(stack: StackMeta, answers: Answers, projectId: string): RenderContext {
  const team = teamOf(stack, answers.agents).map((a) => (answers.model ? { ...a, model: answers.model } : a));
  return {
    project: { name: answers.name, id: projectId },
    stack: { id: stack.id, description: stack.description, supabase: stack.supabase, starter: stack.starter },
    team,
    agents: Object.fromEntries(team.map((a) => [a.name, true])),
    supabase: answers.supabase,
    kit: Object.fromEntries(KIT_PARTS.map((p) => [p.name, answers.kit.includes(p.name)])) as Record<KitPart, boolean>,
    skills: [],
    permissions: { deny: [], ask: [] },
    mcpServers: [],
  };
}
