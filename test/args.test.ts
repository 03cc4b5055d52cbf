import { describe, expect, it } from 'vitest';
import { type FlagSpec, parseArgs } from '../src/args.js';
import { UserError } from '../src/errors.js';

const SPECS: FlagSpec[] = [
  { name: 'stack', short: 't', aliases: ['template'], type: 'string', help: '' },
  { name: 'templates-dir', type: 'string', help: '' },
  { name: 'force', aliases: ['overwrite'], type: 'boolean', help: '' },
  { name: 'agents', type: 'string', help: '', repeatable: true },
  { name: 'git', type: 'boolean', negatable: true, help: '' },
  { name: 'yes', short: 'y', type: 'boolean', help: '' },
];

describe('parseArgs', () => {
  it.each([
    [['dir', '--stack', 'vue-crm'], { stack: 'vue-crm' }, ['dir']],
    [['--stack=react-chat', 'x'], { stack: 'react-chat' }, ['x']],
    [['--no-git', '-y'], { git: false, yes: true }, []],
    [['--git'], { git: true }, []],
    [['--agents', 'a,b', '--agents', 'c'], { agents: 'a,b,c' }, []],
    [['--', '--weird-folder'], {}, ['--weird-folder']],
    [['--stack', '---'], { stack: '---' }, []],
    [['--stack', '-x'], { stack: '-x' }, []],
    [['--template', 'vue-crm', '-y'], { stack: 'vue-crm', yes: true }, []],
    [['-t', 'vue-crm'], { stack: 'vue-crm' }, []],
    [['--template=vue-crm', '--overwrite'], { stack: 'vue-crm', force: true }, []],
    [['--templates-dir', 'own', '--template', 'x'], { 'templates-dir': 'own', stack: 'x' }, []],
  ])('%j', (argv, flags, positionals) => {
    expect(parseArgs(argv, SPECS)).toEqual({ flags, positionals });
  });

  it.each([
    [['--stak', 'x'], /Unknown option --stak\. Did you mean --stack\?/],
    [['--stack'], /--stack needs a value/],
    [['--stack', '--yes'], /--stack needs a value/],
    [['--stack', '--'], /--stack needs a value/],
    [['--yes=1'], /takes no value/],
    [['-q'], /Unknown option -q/],
    [['--stack', 'a', '--stack', 'b'], /given twice/],
    [['--stack', 'a', '--template', 'b'], /--stack was given twice/],
    [['--templates', 'own'], /Unknown option --templates\. Did you mean --templates-dir\?/],
    [['--template'], /--template needs a value/],
  ])('rejects %j with exit code 2', (argv, message) => {
    let error: unknown;
    try {
      parseArgs(argv, SPECS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toMatch(message);
  });
});
