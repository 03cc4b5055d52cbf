import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runCli, tempDir } from './helpers/cli.js';

/**
 * CLAUDE.md's "The app" tells how to create the app with the framework's own create command in the
 * project folder. This follows that advice in a fresh render, as a user would, and checks that every file
 * create-agents wrote is still there, unchanged, and that the app's package.json now exists.
 * It needs the npm registry (and create-astro downloads its template from GitHub).
 */

/** The shell lines of the `sh` block under "## The app". */
function createLines(claudeMd: string): string[] {
  const section = claudeMd.split('\n## ').find((s) => s.startsWith('The app\n'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  return block ? block.split('\n').filter((l) => l.trim()) : [];
}

/** Every file under `dir`, by path, with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'latin1'));
    }
  };
  walk(dir);
  return files;
}

/** Runs one line of the advice with sh, stdin closed (no terminal), as the project's user. */
async function sh(line: string, cwd: string) {
  // npm asks "Ok to proceed?" before it installs a create package it has not cached; on a terminal the
  // user answers yes. Without one, npm_config_yes is that answer.
  const child = spawn('sh', ['-c', line], { cwd, env: { ...process.env, npm_config_yes: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, line, { timeoutMs: 300_000 });
}

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

async function resolves(host: string): Promise<boolean> {
  try {
    await lookup(host);
    return true;
  } catch {
    return false;
  }
}

const nodeMajorMinor = process.versions.node.split('.').map(Number) as [number, number];
const atLeast = (major: number, minor: number) => nodeMajorMinor[0] > major || (nodeMajorMinor[0] === major && nodeMajorMinor[1] >= minor);

const cases = [
  {
    stack: 'vue-crm',
    appFolder: 'vue-app',
    why: async () => ((await reachable('https://registry.npmjs.org/create-vue')) ? null : 'the npm registry (registry.npmjs.org) is unreachable'),
  },
  {
    stack: 'astro-ims',
    appFolder: 'astro-app',
    why: async () => {
      if (!(await reachable('https://registry.npmjs.org/create-astro'))) return 'the npm registry (registry.npmjs.org) is unreachable';
      if (!(await resolves('github.com'))) return 'github.com is unreachable, and create-astro downloads its template from there';
      if (!atLeast(22, 12)) return `create-astro needs Node.js 22.12 or newer; this is ${process.versions.node}`;
      return null;
    },
  },
];

describe.each(cases)('the app of $stack, created as CLAUDE.md says', ({ stack, appFolder, why }) => {
  it('keeps every file create-agents wrote, unchanged, and leaves the app package.json', { timeout: 900_000 }, async (ctx) => {
    const reason = await why();
    if (reason) {
      console.warn(`app-create.test.ts: ${stack} skipped: ${reason}`);
      ctx.skip(reason);
    }
    const dir = join(tempDir(), 'project');
    const created = await runCli([dir, '--stack', stack, '--yes', '--no-git']);
    expect(created.code, created.stderr).toBe(0);
    const before = snapshot(dir);
    const lines = createLines(readFileSync(join(dir, 'CLAUDE.md'), 'utf8'));
    expect(lines.length, 'CLAUDE.md has the create lines under "## The app"').toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^npm create (vue|astro)@latest /);

    for (const line of lines) {
      const result = await sh(line, dir);
      expect(result.code, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }

    const after = snapshot(dir);
    for (const [path, content] of before) {
      expect(after.has(path), `${path} is still there`).toBe(true);
      expect(after.get(path) === content, `${path} is unchanged`).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(pkg.scripts?.dev, 'the app has a dev script').toBeTruthy();
    expect(existsSync(join(dir, appFolder)), `${appFolder}/ is gone once copied`).toBe(false);
    expect(after.size).toBeGreaterThan(before.size);
  });
});

describe('createLines', () => {
  it('reads the sh block of "## The app" and nothing else', () => {
    const text = '# X\n\n## The app\n\nFrom here:\n\n```sh\nnpm create a@latest b\nnode -e "x"\n```\n\n## Commands\n\n```sh\nnpm run dev\n```\n';
    expect(createLines(text)).toEqual(['npm create a@latest b', 'node -e "x"']);
    expect(createLines('## Commands\n\n```sh\nnpm run dev\n```\n')).toEqual([]);
  });
});

describe('the summary after create', () => {
  it('says the app is not generated, for a stack with an app, and nothing of the kind for one without', async () => {
    const steps = async (stack: string) => {
      const result = await runCli([join(tempDir(), 'p'), '--stack', stack, '--yes', '--no-git', '--json']);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { nextSteps: string[] }).nextSteps.join('\n');
    };
    expect(await steps('vue-crm')).toMatch(/Vue 3 \+ Vite \+ Pinia app is not generated: "The app" in CLAUDE\.md/);
    expect(await steps('supabase')).not.toMatch(/app is not generated/);
  });
});
