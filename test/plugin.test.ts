import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClaude } from './helpers/claude.js';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const STACKS: string[] = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks;
const README = join(REPO, 'README.md');
/** The README's stack table column this test fills in (UPDATE_README=1 rewrites it from the run). */
const COST_COLUMN = 'always-on tokens as a plugin';

/** Claude Code with a throwaway HOME: its exit code and everything it printed. */
const claude = (home: string, args: string[]) => runClaude(args, home);

async function plugin(args: string[], cwd = tempDir()) {
  const result = await runCli(['plugin', ...args, '--json'], { cwd });
  return { ...result, json: JSON.parse(result.stdout || '{}') };
}

/** What `claude plugin details` prints: the components by kind, and the always-on cost in tokens. */
function parseDetails(output: string): { agents: string[]; skills: string[]; mcp: string[]; alwaysOn: number } {
  const list = (kind: string) => {
    const line = new RegExp(`^\\s*${kind} \\((\\d+)\\)(.*)$`, 'm').exec(output);
    if (!line) throw new Error(`no ${kind} line in:\n${output}`);
    const names = line[2]!
      .replace(/\(.*\)/, '')
      .split(',')
      .map((n) =>
        n
          .trim()
          .split(/\s+/)[0]!
          .replace(/^[^:]+:/, ''),
      )
      .filter(Boolean);
    expect(names.length, `${kind} count`).toBe(Number(line[1]));
    return names.sort();
  };
  const cost = /Always-on:\s+~?([\d,.]+)(k?)\s*tok/.exec(output);
  if (!cost) throw new Error(`no always-on cost in:\n${output}`);
  const alwaysOn = Math.round(Number(cost[1]!.replaceAll(',', '')) * (cost[2] ? 1000 : 1));
  return { agents: list('Agents'), skills: list('Skills'), mcp: list('MCP servers'), alwaysOn };
}

const names = (dir: string, pick: (name: string) => string | null) =>
  existsSync(dir)
    ? readdirSync(dir)
        .map(pick)
        .filter((n): n is string => n !== null)
        .sort()
    : [];

describe('the team as a Claude Code plugin, judged by Claude Code', () => {
  const costs: Record<string, number> = {};

  // One stack after another, one throwaway HOME each: Claude Code installs into it.
  for (const stack of STACKS) {
    it(`${stack}: validate --strict accepts the plugin and the marketplace; install and details show the project's agents and skills`, async () => {
      const project = await renderProject(stack);
      const agents = names(join(project, '.claude/agents'), (f) => (f.endsWith('.md') ? f.slice(0, -3) : null));
      const skillsDir = join(project, '.claude/skills');
      const skills = names(skillsDir, (f) => (existsSync(join(skillsDir, f, 'SKILL.md')) ? f : null));
      const servers = existsSync(join(project, '.mcp.json')) ? Object.keys(JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')).mcpServers).sort() : [];

      const out = tempDir('plugin-');
      const alone = await plugin([project, '--out', join(out, 'plugin')]);
      expect(alone.code, alone.stdout).toBe(0);
      expect(alone.json.plugin.agents).toEqual(agents);
      const market = await plugin([project, '--out', join(out, 'market'), '--marketplace', 'team-agents']);
      expect(market.code, market.stdout).toBe(0);
      const name = market.json.plugin.name as string;

      const home = tempDir('home-');
      for (const folder of ['plugin', 'market']) {
        const { code, output } = claude(home, ['plugin', 'validate', '--strict', join(out, folder)]);
        expect(code, output).toBe(0);
        expect(output).toMatch(/Validation passed/);
      }
      for (const args of [
        ['plugin', 'marketplace', 'add', join(out, 'market')],
        ['plugin', 'install', `${name}@team-agents`],
      ]) {
        const { code, output } = claude(home, args);
        expect(code, `claude ${args.join(' ')}\n${output}`).toBe(0);
      }
      const details = claude(home, ['plugin', 'details', `${name}@team-agents`]);
      expect(details.code, details.output).toBe(0);
      const shown = parseDetails(details.output);
      expect(shown.agents).toEqual(agents);
      expect(shown.skills).toEqual(skills);
      expect(shown.mcp).toEqual(servers);
      expect(shown.alwaysOn).toBeGreaterThan(0);
      costs[stack] = shown.alwaysOn;
    }, 180_000);
  }

  it("the README's stack table shows each stack's always-on cost (UPDATE_README=1 writes the measured ones)", () => {
    expect(Object.keys(costs).sort()).toEqual([...STACKS].sort());
    let text = readFileSync(README, 'utf8');
    if (process.env.UPDATE_README) {
      for (const [stack, cost] of Object.entries(costs)) {
        text = text.replace(new RegExp(`^(\\| \`${stack}\` \\|.*\\| )~?[\\d,]+( \\|)$`, 'm'), `$1~${cost.toLocaleString('en-US')}$2`);
      }
      writeFileSync(README, text);
    }
    expect(text).toContain(`| ${COST_COLUMN} |`);
    for (const stack of STACKS) expect(text).toMatch(new RegExp(`^\\| \`${stack}\` \\|.*\\| ~[1-9][\\d,]* \\|$`, 'm'));
    console.log(`always-on tokens per stack as a plugin: ${JSON.stringify(costs)}`);
  });
});

describe('create-agents plugin', () => {
  it('a second run changes nothing and keeps the version; a change in the project bumps it in plugin.json and the marketplace', async () => {
    const project = await renderProject('supabase');
    const out = join(tempDir(), 'market');
    const first = await plugin([project, '--out', out, '--marketplace', 'acme']);
    expect(first.json.plugin.version).toBe('0.1.0');
    const again = await plugin([project, '--out', out, '--marketplace', 'acme']);
    expect(again.code).toBe(0);
    expect(again.json.plugin.version).toBe('0.1.0');
    expect(again.json.summary.unchanged).toBe(again.json.files.length);

    const agent = join(project, '.claude/agents/test-engineer.md');
    writeFileSync(agent, `${readFileSync(agent, 'utf8')}\nOne more rule.\n`);
    const dry = await plugin([project, '--out', out, '--marketplace', 'acme', '--dry-run']);
    expect(dry.json).toMatchObject({ dryRun: true, plugin: { version: '0.1.1' } });
    expect(readFileSync(join(out, '.claude-plugin/marketplace.json'), 'utf8')).toContain('"version": "0.1.0"');
    const bumped = await plugin([project, '--out', out, '--marketplace', 'acme']);
    expect(bumped.code, bumped.stdout).toBe(0);
    expect(bumped.json.plugin).toMatchObject({ version: '0.1.1', previousVersion: '0.1.0' });
    const name = bumped.json.plugin.name;
    expect(JSON.parse(readFileSync(join(out, `plugins/${name}/.claude-plugin/plugin.json`), 'utf8')).version).toBe('0.1.1');
    expect(JSON.parse(readFileSync(join(out, '.claude-plugin/marketplace.json'), 'utf8')).plugins[0].version).toBe('0.1.1');
    expect(readFileSync(join(out, `plugins/${name}/agents/test-engineer.md`), 'utf8')).toContain('One more rule.');
  });

  it('never overwrites or deletes what it did not write: an edited plugin file is a conflict, a file of yours stays', async () => {
    const project = await renderProject('supabase', { agents: ['database-engineer'] });
    const out = join(tempDir(), 'plugin');
    expect((await plugin([project, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'NOTES.md'), 'mine\n');
    const edited = join(out, 'agents/database-engineer.md');
    writeFileSync(edited, 'my version\n');
    const before = statSync(join(out, '.claude-plugin/plugin.json')).mtimeMs;
    writeFileSync(join(project, '.claude/agents/backend-architect.md'), `${readFileSync(join(project, '.claude/agents/backend-architect.md'), 'utf8')}\nx\n`);
    const run = await plugin([project, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.json.error.message).toMatch(/changed since create-agents plugin wrote them/);
    expect(readFileSync(edited, 'utf8')).toBe('my version\n');
    expect(statSync(join(out, '.claude-plugin/plugin.json')).mtimeMs).toBe(before);

    // An agent the project no longer has is dropped from the record and left in place.
    writeFileSync(edited, readFileSync(join(project, '.claude/agents/database-engineer.md')));
    rmSync(join(project, '.claude/agents/database-engineer.md'));
    const dropped = await plugin([project, '--out', out]);
    expect(dropped.code, dropped.stdout).toBe(0);
    expect(dropped.json.files).toContainEqual(expect.objectContaining({ path: 'agents/database-engineer.md', status: 'dropped' }));
    expect(existsSync(edited)).toBe(true);
    expect(readFileSync(join(out, 'NOTES.md'), 'utf8')).toBe('mine\n');
  });

  it('bad input: not a project, a folder of other files as --out, no --out, a bad marketplace name, a changed --marketplace', async () => {
    const project = await renderProject('supabase', { agents: [] });
    const notProject = await plugin([tempDir(), '--out', join(tempDir(), 'p')]);
    expect(notProject.code).toBe(2);
    expect(notProject.json.error.message).toMatch(/is not a create-agents project: it has no \.create-agents\.json/);

    const foreign = tempDir();
    writeFileSync(join(foreign, 'index.html'), '<p>site</p>\n');
    const intoForeign = await plugin([project, '--out', foreign]);
    expect(intoForeign.code).toBe(2);
    expect(intoForeign.json.error.message).toMatch(/holds 1 entry that create-agents plugin did not write/);
    expect(readdirSync(foreign)).toEqual(['index.html']);

    expect((await plugin([project])).json.error.message).toMatch(/needs --out <folder>/);
    expect((await plugin([project, '--out', join(tempDir(), 'p'), '--marketplace', 'Team Agents'])).code).toBe(2);

    const out = join(tempDir(), 'p');
    expect((await plugin([project, '--out', out])).code).toBe(0);
    const switched = await plugin([project, '--out', out, '--marketplace', 'acme']);
    expect(switched.code).toBe(2);
    expect(switched.json.error.message).toMatch(/holds a plugin without a marketplace/);

    const other = await renderProject('n8n-api', { agents: [] });
    const otherInto = await plugin([other, '--out', out]);
    expect(otherInto.code).toBe(2);
    expect(otherInto.json.error.message).toMatch(/holds the plugin supabase-backend; this project's plugin is n8n-api/);
    expect((await plugin([project, '--out', '/usr'])).json.error.message).toMatch(/is a system folder/);
    expect((await plugin([project, '--out', project])).json.error.message).toMatch(/holds the project itself/);
    expect((await plugin([project, '--out', join(project, '.claude/plugin')])).json.error.message).toMatch(/inside the project's \.claude folder/);
    expect((await plugin([project, '--out', join(project, 'CLAUDE.md')])).json.error.message).toMatch(/is not a folder/);
    symlinkSync('/etc/hostname', join(project, '.claude/agents/linked.md'));
    const linked = await plugin([project, '--out', join(tempDir(), 'p')]);
    expect(linked.code).toBe(2);
    expect(linked.json.error.message).toMatch(/linked\.md is a symbolic link; a plugin holds plain text files only/);
  });

  it('--help names the options', async () => {
    const help = await runCli(['plugin', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: create-agents plugin \[dir\] --out <folder> \[--marketplace <name>\]/);
    expect(help.stdout).toMatch(/--author <name>/);
  });
});
