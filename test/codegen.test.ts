import { join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../src/render/context.js';
import { compileToJs, UnsupportedTemplate } from '../src/templates/codegen.js';
import { COMPILE_OPTIONS, registerHelpers } from '../src/templates/helpers.js';
import { runtime } from '../src/templates/runtime.js';
import { scanTemplates } from '../src/templates/scan.js';
import { REPO } from './helpers/cli.js';

type Render = (context: object) => string;

const parse = (source: string) => Handlebars.parse(source);

/** Partials both compilers get. */
const PARTIALS = {
  line: '- {{name}} ({{@root.project.id}}){{#has "a"}} +a{{/has}}\n',
  greeting: 'Hello {{project.name}}',
};

/** The template compiled by the build's compiler, as the built stack would run it (partials as `p`). */
function plain(source: string): Render {
  const make = (code: string, p: object) => new Function('r', 'p', `return ${code}`)(runtime, p) as Render;
  const p: Record<string, Render> = {};
  for (const [name, text] of Object.entries(PARTIALS)) p[name] = make(compileToJs(parse, text), p);
  return make(compileToJs(parse, source), p);
}

/** The same template compiled by Handlebars itself, with the same helpers, partials and options. */
function handlebars(source: string): Render {
  const env = Handlebars.create();
  registerHelpers(env);
  for (const [name, text] of Object.entries(PARTIALS)) env.registerPartial(name, text);
  return env.compile(source, COMPILE_OPTIONS);
}

/** What a render gives: the text, or that it threw (a NUL in SQL, a missing name...). */
function outcome(render: Render, context: object): { text: string } | { error: true } {
  try {
    return { text: render(context) };
  } catch {
    return { error: true };
  }
}

/** Both results. */
function both(source: string, context: object) {
  return { ours: outcome(plain(source), context), theirs: outcome(handlebars(source), context) };
}

const VALUES: unknown[] = [true, false, 0, 1, '', 'x', null, undefined, [], [1, 2], {}, { a: 1 }, -0, NaN];

describe('the build-time template compiler', () => {
  const cases: Array<[string, string]> = [
    ['text and paths', 'Hi {{project.name}}!\nid={{project.id}} {{flag}}'],
    ['if/else, standalone lines', 'a\n{{#if flag}}\nyes\n{{else}}\nno\n{{/if}}\nb\n'],
    ['unless', '{{#unless flag}}off{{else}}on{{/unless}}'],
    ['whitespace control', 'a   {{~#if flag~}}   yes   {{~else~}}   no   {{~/if~}}   b'],
    ['each over a list', '{{#each list}}[{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}:{{this}}/{{../project.name}}]{{else}}none{{/each}}'],
    ['each with fields', '{{#each team}}\n- {{name}}: {{purpose}}\n{{/each}}\n'],
    ['nested each', '{{#each team}}{{#each ../list}}{{../name}}{{this}},{{/each}}{{/each}}'],
    ['has and hasAny', '{{#has "a" "b"}}both{{else}}{{#hasAny "a" "b"}}one{{else}}none{{/hasAny}}{{/has}}'],
    ['has inside each looks at the root', '{{#each team}}{{#has "a"}}{{name}}{{/has}}{{/each}}'],
    ['value helpers', '{{sql project.name}} {{toml project.name}} {{json project.name}} {{json missing}}'],
    ['@root and comments', '{{!-- a note --}}{{@root.project.id}}{{! short }}'],
    ['escaped mustaches', 'template = "Your code is \\{{ .Code }}" {{project.id}}'],
    ['if over a missing name', '{{#if missing}}y{{else}}n{{/if}}'],
    ['missing name: an error in both', 'x {{missing}}'],
    ['missing parent: an error in both', '{{#if nothing.here}}y{{/if}}'],
    ['partials, standalone ones indented', 'team:\n  {{#each team}}\n  {{> line}}\n  {{/each}}\n{{> greeting}}!\n    {{> greeting}}\n'],
    ['a missing partial: an error in both', '{{> nowhere}}'],
  ];

  const contexts = (flag: unknown) => [
    {
      project: { name: `O'Brien "& co" <x> {{y}}`, id: 'my_app' },
      flag,
      list: flag,
      team: [
        { name: 'a', purpose: 'first' },
        { name: 'b', purpose: 'second' },
      ],
      agents: { a: true, b: flag },
    },
    { project: { name: '', id: '' }, flag, list: ['x', 'y', 'z'], team: [], agents: {} },
  ];

  it.each(cases)('%s: the same output (or error) as Handlebars for every kind of value', (_name, source) => {
    for (const flag of VALUES) {
      for (const context of contexts(flag)) {
        const { ours, theirs } = both(source, context);
        expect(ours, `${source} with ${JSON.stringify(context)}`).toEqual(theirs);
      }
    }
  });

  it('each over an object: keys in order, @key and @index', () => {
    const source = '{{#each obj}}{{@key}}={{this}}@{{@index}}{{#if @last}}.{{/if}} {{/each}}';
    const { ours, theirs } = both(source, { obj: { b: 1, a: 2, c: 'x' } });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual({ text: 'b=1@0 a=2@1 c=x@2. ' });
  });

  it.each([
    ['a partial given a context', '{{> footer project}}'],
    ['a partial block', '{{#> footer}}x{{/footer}}'],
    ['a hash argument', '{{#each list key="x"}}{{/each}}'],
    ['block parameters', '{{#each list as |item|}}{{item}}{{/each}}'],
    ['a sub-expression', '{{sql (lookup a b)}}'],
    ['with', '{{#with project}}{{name}}{{/with}}'],
    ['lookup', '{{lookup project "name"}}'],
    ['a helper used as a value', '{{json}}'],
    ['an unknown block helper', '{{#repeat 3}}x{{/repeat}}'],
    ['a raw block', '{{{{raw}}}}{{x}}{{{{/raw}}}}'],
  ])('%s: refused with a message, since Handlebars would render it and the build would not', (_name, source) => {
    expect(() => compileToJs(parse, source)).toThrow(UnsupportedTemplate);
    expect(() => compileToJs(parse, source)).toThrow(/does not support .+/);
  });

  describe('every built-in template', () => {
    const templates = scanTemplates(join(REPO, 'templates'));
    const sources = templates.stacks.flatMap((stack) => [
      ...stack.agents.flatMap((agent) => [
        { stack, where: `${agent.name} body`, source: agent.body },
        ...agent.frontMatter
          .filter(([, value]) => typeof value === 'string' && value.includes('{{'))
          .map(([key, value]) => ({ stack, where: `${agent.name} ${key}`, source: value as string })),
      ]),
      ...stack.files.filter((f) => f.template).map((f) => ({ stack, where: f.path, source: f.source })),
    ]);

    it('renders exactly what Handlebars renders, for random teams, names and options', () => {
      expect(sources.length).toBeGreaterThan(50);
      let rendered = 0;
      const compiled = sources.map((s) => ({ ...s, ours: plain(s.source), theirs: handlebars(s.source) }));
      const name = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('{{x}}', "'; drop --", '"\\', '\u2028', '🚀'));
      fc.assert(
        fc.property(fc.nat(), name, fc.constantFrom('my_app', 'x-1'), fc.boolean(), fc.constantFrom(null, 'opus', 'haiku'), fc.integer(), (pick, display, id, supabase, model, seed) => {
          const stack = templates.stacks[pick % templates.stacks.length]!.meta;
          const agents = stack.agents.filter((_, i) => (seed >> i) & 1).map((a) => a.name);
          const context = buildContext(stack, { dir: '.', stack: stack.id, name: display, agents, model, supabase, git: false }, id);
          for (const t of compiled.filter((c) => c.stack.meta.id === stack.id)) {
            const ours = outcome(t.ours, context);
            expect(ours, `${stack.id}: ${t.where}`).toEqual(outcome(t.theirs, context));
            if ('text' in ours) rendered++;
          }
        }),
        { numRuns: 150 },
      );
      expect(rendered).toBeGreaterThan(150 * 10);
    });
  });
});
