// react-chat's CLAUDE.md tells how to create the React app in the generated folder with create-vite.
// These tests follow that advice in a fresh project, with the real create-vite from npm, and check
// that every file create-agents wrote is still there, unchanged.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderProject } from './helpers/project.js';
import { hasTmux, TmuxSession } from './helpers/tmux.js';
import { listFiles, TEMPLATES } from './helpers/tools.js';

const available = hasTmux();
if (!available) console.log('Skipping the create-vite test: tmux is not installed (apt-get install tmux).');

const app = JSON.parse(readFileSync(join(TEMPLATES, 'stacks/react-chat/stack.json'), 'utf8')).app as { create: string; note: string[] };

/** The SHA-256 of every file in `dir`, by path. */
function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

/** The "The app" section of CLAUDE.md. */
function appSection(project: string): string {
  const text = readFileSync(join(project, 'CLAUDE.md'), 'utf8');
  const start = text.indexOf('## The app');
  expect(start, 'CLAUDE.md has "The app"').toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n## ', start + 1));
}

/** npm may download create-vite without asking (a person answers its "Ok to proceed?" prompt). */
const NPM_ENV = { npm_config_yes: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false' };

describe('react-chat: creating the app as CLAUDE.md says', () => {
  let project: string;
  let before: Record<string, string>;
  beforeEach(async () => {
    project = await renderProject('react-chat');
    before = hashes(project);
    expect(Object.keys(before)).toContain('CLAUDE.md');
  });

  it('gives the official create command, and create-vite without a terminal writes nothing here', { timeout: 180_000 }, async () => {
    const section = appSection(project);
    expect(section).toContain(`${app.create}\n`);
    expect(section).toContain('"Ignore files and continue"');
    const [npm, ...args] = app.create.split(' ');
    const result = await execa(npm!, args, { cwd: project, reject: false, stdin: 'ignore', env: { ...NPM_ENV, CI: '1' }, timeout: 150_000 });
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/create-vite v\d/);
    expect(hashes(project)).toEqual(before);
  });

  describe.skipIf(!available)('in a terminal', () => {
    let session: TmuxSession | undefined;
    afterEach(() => session?.kill());

    it('following the advice adds the app and leaves every file create-agents wrote as it was', { timeout: 240_000 }, async () => {
      // The steps around create-vite, read from the advice itself.
      const steps = /run `(cp [^`]+)` before and `(mv [^`]+)` after/.exec(appSection(project));
      expect(steps, 'the advice names the commands that keep .gitignore').not.toBeNull();
      const run = async (command: string) => {
        const [program, ...args] = command.split(' ');
        await execa(program!, args, { cwd: project });
      };
      await run(steps![1]!);

      const env = Object.entries(NPM_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      session = new TmuxSession(`env -u CI ${env} ${app.create}; echo "EXIT=$?"; sleep 60`, project);
      await session.waitFor(/Current directory is not empty/, { timeoutMs: 120_000 });
      session.keys('Down', 'Down');
      await session.waitFor(/● Ignore files and continue/);
      session.keys('Enter');
      // Later questions (a linter, whether to install now) take their first answer, except that nothing is installed.
      for (;;) {
        const screen = await session.waitFor(/EXIT=\d+|◆ {2}(?:Which linter|Install with npm)/, { timeoutMs: 60_000 });
        if (/EXIT=\d+/.test(screen)) {
          expect(screen).toMatch(/EXIT=0/);
          break;
        }
        const prompt = /◆ {2}(Which linter|Install with npm)/.exec(screen)![1]!;
        if (prompt === 'Install with npm') session.keys('Right');
        session.keys('Enter');
        await session.waitFor(new RegExp(`◇ {2}${prompt}`));
      }
      await run(steps![2]!);

      for (const file of ['package.json', 'index.html', 'vite.config.ts', 'src/main.tsx']) {
        expect(existsSync(join(project, file)), `create-vite wrote ${file}`).toBe(true);
      }
      const after = hashes(project);
      const changed = Object.keys(before).filter((f) => after[f] !== before[f]);
      expect(changed, 'files create-agents wrote that create-vite changed or removed').toEqual([]);
      expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).devDependencies).toHaveProperty('vite');
    });
  });
});
