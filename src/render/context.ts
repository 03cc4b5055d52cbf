import type { Answers } from '../questions.js';
import { KIT_PARTS, type KitPart } from '../templates/kit.js';
import type { AgentMeta, AppMeta, Handoff, McpServer, SkillMeta, StackMeta } from '../templates/types.js';

/** An agent as rendered: its handoffs only to agents of the rendered team. */
export interface TeamMember extends AgentMeta {
  handoffs: Handoff[];
}

/** What every template sees. Free text stays data: it is never compiled as a template. */
export interface RenderContext {
  project: { name: string; id: string };
  stack: Pick<StackMeta, 'id' | 'description' | 'lead' | 'supabase' | 'commands' | 'renames' | 'starter'> & {
    app: AppMeta | null;
    contract: Record<string, unknown>;
    /** Variables other services read, less those listed as function secrets in this render. */
    env: NonNullable<StackMeta['env']>;
  };
  team: TeamMember[];
  agents: Record<string, boolean>;
  supabase: boolean;
  /** Which parts of the Claude Code kit are rendered (`{{#if kit.skills}}`). */
  kit: Record<KitPart, boolean>;
  /** The lead agent, always in the team. */
  lead: TeamMember;
  /** In an agent's template: that agent. */
  agent?: TeamMember;
  /** The MCP servers the team names tools of, with the kit's mcp part only (.mcp.json, .env.example). */
  mcp: { servers: McpServer[] };
  /**
   * What the rendered kit holds, read from its files (src/render/kit-facts.ts): the skills written, the
   * `deny` rules of .claude/settings.json and the commands its `ask` rules name. Empty while the kit's
   * own templates render.
   */
  skills: SkillMeta[];
  permissions: { deny: string[]; ask: string[] };
}

/** The agents that will be rendered, in registry order, the lead agent always among them. */
export function teamOf(stack: StackMeta, chosen: readonly string[]): AgentMeta[] {
  const wanted = new Set([stack.lead, ...chosen]);
  return stack.agents.filter((a) => wanted.has(a.name));
}

export function buildContext(stack: StackMeta, answers: Answers, projectId: string): RenderContext {
  const members = teamOf(stack, answers.agents);
  const names = new Set(members.map((a) => a.name));
  const team: TeamMember[] = members.map((a) => ({
    ...a,
    ...(answers.model ? { model: answers.model } : {}),
    handoffs: (a.handoffs ?? []).filter((h) => names.has(h.to)),
  }));
  const { id, description, lead, supabase, app, commands, renames, contract, starter } = stack;
  const secrets = new Set(answers.supabase ? supabase.secrets.map((s) => s.name) : []);
  const env = (stack.env ?? []).filter((v) => !secrets.has(v.name));
  const mcp = answers.kit.includes('mcp');
  return {
    project: { name: answers.name, id: projectId },
    stack: {
      id,
      description,
      lead,
      supabase,
      app: app ?? null,
      commands,
      // A rename to an agent left out of the team would name an agent the project does not have.
      renames: renames.filter((r) => names.has(r.to) || !stack.agents.some((a) => a.name === r.to)),
      contract: contract ?? {},
      env,
      starter,
    },
    lead: team.find((a) => a.name === lead)!,
    team,
    agents: Object.fromEntries(team.map((a) => [a.name, true])),
    supabase: answers.supabase,
    kit: Object.fromEntries(KIT_PARTS.map((p) => [p.name, answers.kit.includes(p.name)])) as Record<KitPart, boolean>,
    mcp: { servers: mcp ? (stack.mcpServers ?? []).filter((s) => team.some((a) => a.mcp?.[s.name])) : [] },
    skills: [],
    permissions: { deny: [], ask: [] },
  };
}
