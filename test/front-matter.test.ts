import fc from 'fast-check';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitFrontMatter } from '../src/front-matter/emit.js';

const HOSTILE = [
  'plain words',
  'Examples: <example>Context: user: "x"</example>',
  'line one\nline two\n\n- list: item',
  '  leading spaces\ntrailing spaces  ',
  'quotes \' and " and `ticks`',
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

  it('round-trips any printable-ASCII text with tabs and newlines (the path that skips the read-back)', () => {
    const char = fc.constantFrom(...'\t\n :#-|>\'"{}[],&*!%@`?ab0.1_+=<~\\'.split(''), ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));
    const free = fc.array(char, { maxLength: 60 }).map((cs) => cs.join(''));
    // Values that look typed to a YAML 1.1 reader, and lines of only blanks: the known hazards.
    const typed = fc.oneof(
      fc.constantFrom('1:20', '0x1F', '.5', '1_000', 'yes', 'On', '2024-01-01', '~', '<<', '=', '.inf', '-.5e3'),
      fc.stringMatching(/^[-+]?[0-9:._xe]{1,6}$/),
    );
    const line = fc.oneof(free, typed, fc.constantFrom('', ' ', '  ', '\t', ' \t '));
    const lines = fc.array(line, { minLength: 1, maxLength: 6 }).map((ls) => ls.join('\n'));
    const text = fc.oneof(free, typed, lines);
    fc.assert(
      fc.property(text, text, (description, name) => {
        const data = { name, description, model: 'sonnet' };
        const out = emitFrontMatter(data);
        const yaml = out.slice(4, out.indexOf('\n---\n', 3) + 1);
        expect(parse(yaml, { strict: true, uniqueKeys: true })).toEqual(data);
        expect(matter(`${out}body`).data).toEqual(data);
      }),
      { numRuns: 20_000 },
    );
  });
});
