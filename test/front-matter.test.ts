import matter from 'gray-matter';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitFrontMatter } from '../src/render/front-matter.js';

const HOSTILE = [
  'plain words',
  'Examples: <example>Context: user: "x"</example>',
  'line one\nline two\n\n- list: item',
  '  leading spaces\ntrailing spaces  ',
  "quotes ' and \" and `ticks`",
  '# not a comment',
  '---\nname: injected\n---',
  '{{ project.name }} & <script>alert(1)</script>',
  'tab\there, backslash \\ and \\n literal',
  'emoji 🤖 and right-to-left עברית',
  '',
  'true',
  '123',
  'null',
  '- starts like a list',
  '? starts like a key',
  'ends with newline\n',
  'x'.repeat(10_000),
];

describe('emitFrontMatter', () => {
  it.each(HOSTILE.map((s) => [s]))('round-trips %j through yaml (strict) and gray-matter', (description) => {
    const data = { name: 'backend-architect', description, model: 'sonnet' };
    const text = `${emitFrontMatter(data)}\nBody & <b>\n`;
    const yaml = text.slice(4, text.indexOf('\n---\n', 3) + 1);
    expect(parse(yaml, { strict: true, uniqueKeys: true })).toEqual(data);
    expect(matter(text).data).toEqual(data);
    expect(matter(text).content).toBe('\nBody & <b>\n');
  });

  it('writes multi-line text as a literal block, one line per line', () => {
    expect(emitFrontMatter({ description: 'a\nb' })).toBe('---\ndescription: |-\n  a\n  b\n---\n');
  });
});
