import { join } from 'node:path';
import nodePlop from 'node-plop';
import { describe, expect, it } from 'vitest';
import plopfile from '../generators/plopfile.js';
import { createPlopHost } from '../src/plop-host.js';
import type { PlannedFile } from '../src/render/render.js';
import { folderSource } from '../src/templates/compile.js';
import { REPO } from './helpers/cli.js';

describe('generators/plopfile.ts is a real plop generator', () => {
  it('node-plop loads it and renders the same plan as the built-in host, for every stack', async () => {
    const source = await folderSource(join(REPO, 'templates'));
    for (const stack of source.registry.stacks) {
      const answers = { stack: stack.id, name: 'Acme', agents: [stack.seedAgent], model: 'haiku', supabase: true, git: false };
      const viaPlop: PlannedFile[] = [];
      const plop = await nodePlop();
      plopfile(plop as never, { source, sink: viaPlop, projectId: 'acme' });
      expect(plop.getGeneratorList().map((g) => g.name)).toEqual(source.registry.stacks.map((s) => s.id));
      const result = await plop.getGenerator(stack.id).runActions(answers);
      expect(result.failures).toEqual([]);

      const viaHost: PlannedFile[] = [];
      const host = createPlopHost();
      plopfile(host, { source, sink: viaHost, projectId: 'acme' });
      const hostResult = await host.getGenerator(stack.id).runActions(answers);
      expect(hostResult.failures).toEqual([]);
      expect(viaPlop).toEqual(viaHost);
      expect(viaHost.some((f) => f.path === `.claude/agents/${stack.seedAgent}.md`)).toBe(true);
      expect(viaHost.find((f) => f.path.endsWith(`${stack.seedAgent}.md`))!.content).toMatch(/\nmodel: haiku\n/);
    }
  });

  it('its prompts come from the question schema', async () => {
    const source = await folderSource(join(REPO, 'templates'));
    const plop = await nodePlop();
    plopfile(plop as never, { source, sink: [], projectId: 'x' });
    const prompts = plop.getGenerator('react-chat').prompts as Array<{ name: string; type: string }>;
    expect(prompts.map((p) => [p.name, p.type])).toEqual([
      ['name', 'input'],
      ['agents', 'checkbox'],
      ['model', 'list'],
      ['supabase', 'confirm'],
    ]);
    // create-agents' own host works them out when asked for, the same as node-plop holds them.
    const host = createPlopHost();
    plopfile(host, { source, sink: [], projectId: 'x' });
    expect(host.getGenerator('react-chat').prompts).toEqual(prompts);
  });

  it('a failing action is reported as a failure, not thrown half way', async () => {
    const host = createPlopHost();
    host.setActionType('boom', () => {
      throw new Error('bad template');
    });
    host.setGenerator('g', { description: '', prompts: [], actions: [{ type: 'boom' }, { type: 'boom' }] });
    expect(await host.getGenerator('g').runActions({})).toEqual({ changes: [], failures: [{ type: 'boom', path: '', error: 'bad template' }] });
  });
});
