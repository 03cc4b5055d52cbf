import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { usageError } from '../errors.js';
import { loadSource } from '../templates/source.js';
import { COMMON_FLAGS, type CommandIO } from './common.js';

const FLAGS: FlagSpec[] = COMMON_FLAGS.filter((f) => f.name !== 'version');

/** `create-agents list`: every stack with its team, its skills and its Supabase parts. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) {
    io.output.out(
      helpText([
        'Usage: create-agents list [--json]',
        '',
        'Lists the stacks, their agents, their skills and their Supabase parts.',
        '',
        'Options:',
        ...helpLines(FLAGS),
      ]),
    );
    return 0;
  }
  if (positionals.length) throw usageError(`list takes no arguments (got ${positionals.join(' ')}).`);
  const source = await loadSource(flags['templates-dir']);
  const { registry } = source;
  const stacks = source.label === 'builtin' ? registry.stacks : await (await import('../render/render.js')).renderedSkillDescriptions(source);
  if (flags.json) {
    io.output.out(JSON.stringify({ defaultStack: registry.defaultStack, stacks }, null, 2));
    return 0;
  }
  for (const stack of stacks) {
    io.output.out(`${stack.id}${stack.id === registry.defaultStack ? ' (default)' : ''}: ${stack.description}`);
    const width = Math.max(...stack.agents.map((a) => a.name.length)) + 2;
    for (const agent of stack.agents) {
      const lead = agent.name === stack.lead ? '*' : ' ';
      io.output.out(`  ${lead} ${agent.name.padEnd(width)}${(agent.model ?? 'inherit').padEnd(8)}${agent.purpose}`);
    }
    if (stack.skills.length) io.output.out(`    Skills: ${stack.skills.map((s) => `/${s.name}`).join(', ')}`);
    if (stack.functions.length || stack.migrations.length) {
      io.output.out(`    Supabase: ${stack.migrations.length} migration(s); functions: ${stack.functions.join(', ') || 'none'}`);
    }
    io.output.out('');
  }
  io.output.out('* the lead agent, always included');
  return 0;
}
