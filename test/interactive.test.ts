import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, REPO, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';
import { hasTmux, TmuxSession } from './helpers/tmux.js';

const available = hasTmux();
if (!available) console.log('Skipping the terminal tests: tmux is not installed (apt-get install tmux).');

/** The command run inside the terminal; CI is unset so the prompts are allowed, and the exit code shows on screen. */
const command = (args = '') => `env -u CI NO_COLOR=1 ${process.execPath} ${BIN} ${args}; echo "EXIT=$?"; sleep 60`;

describe.skipIf(!available)('interactive prompts in a real terminal', () => {
  let session: TmuxSession | undefined;
  afterEach(() => session?.kill());

  it('update asks before running another version from npm, showing the exact command; no means a two-way merge', async () => {
    const dir = await renderProject('supabase');
    const record = join(dir, '.create-agents.json');
    writeFileSync(record, readFileSync(record, 'utf8').replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    session = new TmuxSession(command(`update ${dir}`), tempDir());
    const asked = await session.waitFor(/Install and run it from npm/);
    expect(asked).toMatch(/made by create-agents 0\.0\.1/);
    expect(asked).toMatch(/npx --yes create-agents@0\.0\.1 my-app '--stack=supabase'/);
    session.keys('Enter');
    const screen = await session.waitFor(/EXIT=\d+/);
    expect(screen).toMatch(/EXIT=0/);
    expect(screen).toMatch(/create-agents 0\.0\.1 not run/);
  });

  it('picks a stack with the arrow keys, answers every question, and writes that stack', async () => {
    const cwd = tempDir();
    session = new TmuxSession(command(), cwd);
    await session.waitFor(/Stack/);
    session.keys('Down', 'Down');
    await session.waitFor(/❯ react-chat/);
    session.keys('Enter');
    await session.waitFor(/Project folder/);
    session.type('chat-app');
    session.keys('Enter');
    await session.waitFor(/Project display name.*Chatly MVP/);
    session.keys('Enter');
    await session.waitFor(/Agents/);
    session.keys('Enter');
    await session.waitFor(/Model for the agents/);
    session.keys('Enter');
    await session.waitFor(/Supabase starter/);
    session.keys('Enter');
    await session.waitFor(/Claude Code kit[\s\S]*◉ settings[\s\S]*◉ skills[\s\S]*◉ mcp/);
    session.keys('Enter');
    await session.waitFor(/git repository/);
    session.type('n');
    session.keys('Enter');
    const screen = await session.waitFor(/EXIT=\d+/);
    expect(screen).toMatch(/EXIT=0/);
    expect(screen).toMatch(/Done\./);
    const app = join(cwd, 'chat-app');
    expect(readdirSync(join(app, '.claude/agents'))).toContain('frontend-react-engineer.md');
    expect(JSON.parse(readFileSync(join(app, '.create-agents.json'), 'utf8')).answers).toMatchObject({
      stack: 'react-chat',
      name: 'Chatly MVP',
      kit: ['settings', 'skills', 'mcp'],
      git: false,
    });
    expect(existsSync(join(app, '.claude/settings.json'))).toBe(true);
    expect(existsSync(join(app, '.git'))).toBe(false);
  });

  it('the lead is shown checked and locked, the whole team fits on the page, and unchecking the rest leaves the lead', async () => {
    const cwd = tempDir();
    session = new TmuxSession(command('team --stack vue-crm --name CRM --model sonnet --no-supabase --kit settings --no-git'), cwd);
    const screen = await session.waitFor(/Agents[\s\S]*always included: the lead/);
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
    expect(screen.split('\n')[0]).toBe(`create-agents v${version}`);
    expect(screen).toMatch(/◉ backend-architect \(always included: the lead\)/);
    // Every member is on the screen at once (eight: more than inquirer's page of seven), each checked.
    const team = JSON.parse(readFileSync(join(REPO, 'templates/stacks/vue-crm/stack.json'), 'utf8')).agents as unknown[];
    expect(screen.match(/◉/g)?.length).toBe(team.length);
    // Invert: every member but the locked lead is unchecked; the answer still holds the lead.
    session.type('i');
    await session.waitFor(/◯/);
    session.keys('Enter');
    const done = await session.waitFor(/EXIT=\d+/);
    expect(done).toMatch(/EXIT=0/);
    expect(done).toMatch(/agents\s+1 in \.claude\/agents\/: backend-architect \(lead\)/);
    expect(readdirSync(join(cwd, 'team/.claude/agents'))).toEqual(['backend-architect.md']);
  });

  it('the kit is a checkbox: every part checked, one unchecked with space, or none at all', async () => {
    const cwd = tempDir();
    const args = (dir: string) => `${dir} --stack supabase --name App --agents backend-architect --model sonnet --supabase --no-git`;
    session = new TmuxSession(command(args('some')), cwd);
    await session.waitFor(/Claude Code kit[\s\S]*❯◉ settings/);
    session.keys('Space');
    await session.waitFor(/❯◯ settings/);
    session.keys('Enter');
    expect(await session.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    expect(JSON.parse(readFileSync(join(cwd, 'some/.create-agents.json'), 'utf8')).answers.kit).toEqual(['skills', 'mcp']);
    expect(existsSync(join(cwd, 'some/.claude/settings.json'))).toBe(false);
    session.kill();

    session = new TmuxSession(command(args('none')), cwd);
    await session.waitFor(/Claude Code kit/);
    // "a" toggles every part: all checked, so all unchecked; an empty kit is an answer.
    session.type('a');
    await session.waitFor(/◯ settings[\s\S]*◯ skills[\s\S]*◯ mcp/);
    session.keys('Enter');
    expect(await session.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    expect(JSON.parse(readFileSync(join(cwd, 'none/.create-agents.json'), 'utf8')).answers.kit).toEqual([]);
  });

  it('a folder no project may go into is refused at the folder prompt', async () => {
    const cwd = tempDir();
    session = new TmuxSession(command('--stack supabase'), cwd);
    await session.waitFor(/Project folder/);
    session.keys('C-u');
    session.type('/proc/nope');
    session.keys('Enter');
    await session.waitFor(/A project cannot go there: it is in \/proc/);
    session.keys('C-c');
    expect(await session.waitFor(/EXIT=\d+/)).toMatch(/EXIT=130/);
  });

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const cwd = tempDir();
    session = new TmuxSession(command('my-app'), cwd);
    await session.waitFor(/Stack/);
    session.keys('C-c');
    const screen = await session.waitFor(/EXIT=\d+/);
    expect(screen).toMatch(/EXIT=130/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a conflict asks per file, and "skip" keeps the file', async () => {
    const cwd = tempDir();
    const { runCli } = await import('./helpers/cli.js');
    await runCli(['app', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cwd, 'app/CLAUDE.md'), 'mine\n');
    session = new TmuxSession(command('app --stack supabase --yes --no-git'), cwd);
    await session.waitFor(/CLAUDE\.md exists with different content[\s\S]*❯ Skip/);
    session.keys('Down', 'Down', 'Enter');
    await session.waitFor(/\+\+\+ CLAUDE\.md \(template\)[\s\S]*\n-mine\n/, { history: true });
    await session.waitFor(/❯ Skip/);
    session.keys('Enter');
    const screen = await session.waitFor(/EXIT=\d+/);
    expect(screen).toMatch(/EXIT=0/);
    expect(readFileSync(join(cwd, 'app/CLAUDE.md'), 'utf8')).toBe('mine\n');
    const record = JSON.parse(readFileSync(join(cwd, 'app/.create-agents.json'), 'utf8'));
    expect(record.files.map((f: { path: string }) => f.path)).not.toContain('CLAUDE.md');
  });
});
