import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderProject } from './helpers/project.js';
import { allSeeds, splitAgent, withCurrentTools } from './helpers/seeds.js';

describe("each stack's lead agent reproduces its seed with the default answers", () => {
  for (const seed of allSeeds()) {
    it(`${seed.stack} reproduces ${seed.file}`, async () => {
      const dir = await renderProject(seed.stack);
      const text = readFileSync(join(dir, '.claude/agents', `${seed.intended.name}.md`), 'utf8');
      const { yaml, body } = splitAgent(text);
      const meant = withCurrentTools(seed.intended);
      expect(parse(yaml, { strict: true, uniqueKeys: true })).toEqual(meant);
      expect(matter(text).data).toEqual(meant);
      expect(body).toBe(seed.body);
    });
  }

  it('maps only retired tools: MultiEdit becomes Edit, or goes where Edit is listed', () => {
    expect(withCurrentTools({ tools: 'Write, Read, MultiEdit, Bash, Grep' }).tools).toBe('Write, Read, Edit, Bash, Grep');
    expect(withCurrentTools({ tools: 'Edit, MultiEdit, Read' }).tools).toBe('Edit, Read');
  });

  it('the check can fail: a lenient read of a broken seed is not what a strict parser reads', () => {
    const broken = allSeeds().find((s) => s.file.startsWith('004'))!;
    const raw = readFileSync(join(__dirname, 'fixtures/seeds', broken.file), 'utf8');
    expect(() => parse(splitAgent(raw).yaml, { strict: true })).toThrow();
  });
});
