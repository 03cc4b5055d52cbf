import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanTemplates } from '../src/templates/scan.js';
import { claudeInitEvent } from './helpers/claude.js';
import { REPO, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const STACKS: string[] = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks;
const SERVERS: Array<{ name: string; tools: string[]; env: Array<{ name: string }> }> = JSON.parse(
  readFileSync(join(REPO, 'templates/mcp-servers.json'), 'utf8'),
).servers;

/** Every `mcp__<server>__<tool>` the project's agents name, by agent. */
function mcpToolsByAgent(dir: string): Map<string, string[]> {
  const agents = join(dir, '.claude/agents');
  const named = new Map<string, string[]>();
  for (const file of readdirSync(agents)) {
    const tools = /^tools: (.*)$/m.exec(readFileSync(join(agents, file), 'utf8'))?.[1] ?? '';
    const mcp = tools.split(', ').filter((t) => t.startsWith('mcp__'));
    if (mcp.length) named.set(file, mcp);
  }
  return named;
}

const expanded = (text: string) => [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

describe('MCP servers', () => {
  for (const stack of STACKS) {
    it(`${stack}: .mcp.json holds the servers its agents name tools of, each variable in .env.example; Claude Code's init event lists them, every agent and every skill`, async () => {
      const dir = await renderProject(stack);
      const byAgent = mcpToolsByAgent(dir);
      const named = [...byAgent.values()].flat();
      expect(named.length, 'every stack has an agent that uses the Supabase MCP server').toBeGreaterThan(0);
      const mcp = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')).mcpServers as Record<string, unknown>;
      const used = [...new Set(named.map((t) => t.split('__')[1]!))];
      expect(Object.keys(mcp).sort()).toEqual(used.sort());
      for (const tool of named) {
        const [, server, name] = tool.split('__');
        expect(SERVERS.find((s) => s.name === server)?.tools, tool).toContain(name);
      }
      // Read-only Supabase: the URL says so, and no agent names a tool that writes.
      expect((mcp.supabase as { url: string }).url).toMatch(/[?&]read_only=true(&|$)/);
      expect((mcp.supabase as { url: string }).url).toMatch(/[?&]project_ref=\$\{SUPABASE_PROJECT_REF\}/);
      expect(named.filter((t) => /apply_migration|deploy_edge_function|create_/.test(t) && t.startsWith('mcp__supabase'))).toEqual([]);
      const env = readFileSync(join(dir, '.env.example'), 'utf8');
      const variables = expanded(readFileSync(join(dir, '.mcp.json'), 'utf8'));
      expect(variables.length).toBeGreaterThan(0);
      for (const name of variables) expect(env, name).toMatch(new RegExp(`^${name}=$`, 'm'));

      const init = await claudeInitEvent(dir);
      const listed = (init.mcp_servers as Array<{ name: string }>).map((s) => s.name).sort();
      expect(listed).toEqual(Object.keys(mcp).sort());
      const agents = readdirSync(join(dir, '.claude/agents')).map((f) => f.replace(/\.md$/, ''));
      expect(agents.length).toBeGreaterThan(0);
      expect(init.agents).toEqual(expect.arrayContaining(agents));
      const skillsDir = join(dir, '.claude/skills');
      const skills = existsSync(skillsDir) ? readdirSync(skillsDir).filter((f) => existsSync(join(skillsDir, f, 'SKILL.md'))) : [];
      expect(init.skills).toEqual(expect.arrayContaining(skills));
    }, 120_000);
  }

  it('n8n-api: the workflow engineer names n8n-mcp tools, and n8n-mcp reads N8N_API_URL and N8N_API_KEY', async () => {
    const dir = await renderProject('n8n-api', { agents: ['n8n-workflow-engineer'] });
    expect(mcpToolsByAgent(dir).get('n8n-workflow-engineer.md')).toContain('mcp__n8n-mcp__search_nodes');
    const mcp = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')).mcpServers;
    expect(Object.keys(mcp)).toEqual(['n8n-mcp']);
    expect(expanded(JSON.stringify(mcp))).toEqual(['N8N_API_URL', 'N8N_API_KEY']);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toMatch(/^N8N_API_KEY=$/m);
  });

  it('a team without an agent that uses MCP gets no .mcp.json and no MCP variables', async () => {
    const dir = await renderProject('supabase', { agents: [] });
    expect(existsSync(join(dir, '.mcp.json'))).toBe(false);
    expect(mcpToolsByAgent(dir).size).toBe(0);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).not.toMatch(/SUPABASE_PROJECT_REF/);
  });

  for (const stack of ['vue-crm', 'n8n-api']) {
    it(`${stack} with --kit settings: no .mcp.json, no agent names an MCP tool, no MCP variables`, async () => {
      const dir = await renderProject(stack, { extraArgs: ['--kit', 'settings'] });
      expect(existsSync(join(dir, '.mcp.json'))).toBe(false);
      expect(mcpToolsByAgent(dir).size).toBe(0);
      expect(readFileSync(join(dir, '.env.example'), 'utf8')).not.toMatch(/SUPABASE_PROJECT_REF|N8N_API_KEY/);
      const init = await claudeInitEvent(dir);
      expect(init.mcp_servers).toEqual([]);
    }, 120_000);
  }

  describe('templates/mcp-servers.json is checked when templates are read', () => {
    const copy = () => {
      const root = join(tempDir(), 'templates');
      cpSync(join(REPO, 'templates'), root, { recursive: true });
      return root;
    };
    const edit = (root: string, change: (data: { servers: Array<Record<string, unknown>> }) => void) => {
      const path = join(root, 'mcp-servers.json');
      const data = JSON.parse(readFileSync(path, 'utf8'));
      change(data);
      writeFileSync(path, JSON.stringify(data));
    };

    it('reads the built-in folder', () => {
      const { registry } = scanTemplates(join(REPO, 'templates'));
      const n8n = registry.stacks.find((s) => s.id === 'n8n-api')!;
      expect(n8n.mcpServers?.map((s) => s.name)).toEqual(['supabase', 'n8n-mcp']);
      expect(n8n.agents.find((a) => a.name === 'security-reviewer')?.mcp).toEqual({ supabase: ['list_tables', 'get_advisors'] });
    });

    it('a variable the config reads but env does not list is an error', () => {
      const root = copy();
      edit(root, (d) => {
        d.servers[0]!.env = [];
      });
      expect(() => scanTemplates(root)).toThrow(/reads \$\{SUPABASE_PROJECT_REF\}: list it in "env"/);
    });

    it('an agent naming a tool the server data lacks is an error naming the template', () => {
      const root = copy();
      edit(root, (d) => {
        d.servers[0]!.tools = (d.servers[0]!.tools as string[]).filter((t) => t !== 'get_advisors');
      });
      expect(() => scanTemplates(root)).toThrow(/security-specialist\.md\.hbs: mcpTools "supabase" names get_advisors, not among/);
    });
  });
});
