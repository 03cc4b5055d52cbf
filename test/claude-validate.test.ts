import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeValidate } from './helpers/claude.js';
import { tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';
import { SEED_DIR } from './helpers/seeds.js';

const STACKS = ['vue-crm', 'astro-ims', 'react-chat', 'n8n-api', 'supabase'];

describe('claude plugin validate --strict accepts every rendered team', () => {
  for (const stack of STACKS) {
    for (const team of ['full', 'minimal'] as const) {
      it(`${stack}, ${team} team`, async () => {
        const dir = await renderProject(stack, team === 'minimal' ? { agents: [] } : {});
        const agents = join(dir, '.claude/agents');
        expect(readdirSync(agents).length).toBeGreaterThanOrEqual(team === 'full' ? 4 : 1);
        const { code, output } = claudeValidate(agents);
        expect(output).not.toMatch(/error|warning|failed/i);
        expect(code, output).toBe(0);
      });
    }
  }

  it('and rejects a broken seed, so the check can fail', () => {
    const dir = join(tempDir(), 'agents');
    mkdirSync(dir);
    const seed = readdirSync(SEED_DIR).find((f) => f.startsWith('004'))!;
    copyFileSync(join(SEED_DIR, seed), join(dir, 'backend-architect.md'));
    const { code, output } = claudeValidate(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/YAML frontmatter failed to parse/);
  });
});
