/**
 * `npm create agents my-crm --stack vue-crm --yes` hands create-agents only `my-crm vue-crm`: npm reads
 * the options as its own configuration (and exports each as `npm_config_<name>`). This spots such a
 * command line and rebuilds, as well as it can, the one that passes the options on.
 */
import type { FlagSpec } from './args.js';
import { shellQuote } from './names.js';
import { MODELS } from './questions.js';
import type { RegistryMeta } from './templates/types.js';

/** The option a stray word is the value of, judged from the word alone. */
type Known = 'stack' | 'model' | 'agents';
const valueKinds: readonly string[] = ['stack', 'model', 'agents'] satisfies Known[];

function optionOf(word: string, registry: RegistryMeta): Known | null {
  if (registry.stacks.some((s) => s.id === word)) return 'stack';
  if ((MODELS as readonly string[]).includes(word)) return 'model';
  const agents = new Set(registry.stacks.flatMap((s) => s.agents.map((a) => a.name)));
  const parts = word.split(',');
  return parts.every((p) => agents.has(p.trim())) ? 'agents' : null;
}

const envName = (flag: string) => `npm_config_${flag.replaceAll('-', '_')}`;

/** What npm left for an option of ours it took: `true`, `false` for a `--no-` form, else nothing. */
function leftByNpm(spec: FlagSpec, env: NodeJS.ProcessEnv): boolean | undefined {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) {
    const value = env[envName(name)];
    if (value === 'true') return true;
    if (value === 'false' && spec.negatable) return false;
  }
  return undefined;
}

/**
 * The corrected command when npm took the options, else null: when a word after the folder is a
 * stack id, a model or a list of agents, or when npm left `true` in `npm_config_<name>` for an option
 * of ours that takes a value (what it does with an option it does not know). The words are put back
 * after the options they belong to; options npm took without a word (`--yes`) are added from npm's
 * variables.
 */
export function swallowedByNpm(
  positionals: readonly string[],
  specs: readonly FlagSpec[],
  registry: RegistryMeta,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const taken = specs.filter((s) => leftByNpm(s, env) !== undefined);
  const kinds = positionals.map((word) => optionOf(word, registry));
  const takenValue = (name: string) => taken.some((s) => s.type === 'string' && s.name === name);
  const strayWord = kinds.slice(1).some((k) => k !== null);
  if (!positionals.length || !(strayWord || taken.some((s) => s.type === 'string'))) return null;

  // The first word is the folder, unless it is the only word and the value of an option npm took.
  const lone = positionals.length === 1 && kinds[0] !== null && takenValue(kinds[0]!);
  const words: string[] = [];
  const options: string[] = [];
  const placed = new Set<string>();
  const others = taken.filter((s) => s.type === 'string' && !valueKinds.includes(s.name));
  positionals.forEach((word, i) => {
    const kind = kinds[i];
    if ((i > 0 || lone) && kind && !placed.has(kind)) {
      placed.add(kind);
      options.push(`--${kind}`, shellQuote(word));
      return;
    }
    const other = i > 0 ? others.shift() : undefined;
    if (other) options.push(`--${other.name}`, shellQuote(word));
    else words.push(shellQuote(word));
  });
  for (const spec of taken) if (spec.type === 'boolean') options.push(leftByNpm(spec, env) ? `--${spec.name}` : `--no-${spec.name}`);
  return ['npm create agents --', ...words, ...options].join(' ');
}
