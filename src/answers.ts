import { UserError, usageError } from './errors.js';
import { type Answers, QUESTIONS, type Question, type QuestionContext, type RecordedAnswers } from './questions.js';
import type { RegistryMeta } from './templates/types.js';

export interface ResolveOptions {
  registry: RegistryMeta;
  flags: Record<string, string | boolean>;
  /** The positional folder argument, if given. */
  dir?: string;
  /** May we ask on a terminal? */
  interactive: boolean;
  /** Take defaults for whatever is not given. */
  yes: boolean;
  /** Answers recorded in the project (update, add): they come after flags, before prompts. */
  recorded?: Partial<RecordedAnswers>;
  cwd: string;
  /** The command shown in the "missing flags" example. */
  command?: string;
}

type Ask = (question: Question, ctx: QuestionContext) => Promise<unknown>;

/**
 * Resolves every answer in layers: command line, then recorded answers, then the terminal (only when
 * interactive), then defaults. Without a terminal and without --yes, a required answer that is missing
 * stops the run with an example command, never a wait.
 */
export async function resolveAnswers(options: ResolveOptions, ask?: Ask): Promise<Answers> {
  const ctx: QuestionContext = { registry: options.registry, answers: {}, cwd: options.cwd };
  const missing: Question[] = [];
  for (const question of QUESTIONS) {
    const raw = question.flag ? options.flags[question.flag.name] : options.dir;
    let value: unknown;
    if (raw !== undefined) value = question.fromFlag(raw, ctx);
    else if (options.recorded && question.key in options.recorded) {
      value = (options.recorded as Record<string, unknown>)[question.key];
      const error = question.validate?.(value as never, ctx) ?? (question.prompt === 'confirm' && typeof value !== 'boolean' ? 'not true or false' : null);
      if (error) {
        throw new UserError(`The recorded answer "${question.key}" in .create-agents.json is not valid: ${error}.`, {
          hint: `Pass --${question.flag?.name ?? question.key} to give a new value, or fix .create-agents.json.`,
        });
      }
    } else if (options.interactive && !options.yes && (question.ask?.(ctx) ?? true)) {
      const askOne = ask ?? (await import('./prompts.js')).askQuestion;
      value = await askOne(question as never, ctx);
    } else if (!options.interactive && !options.yes && question.required) {
      missing.push(question);
      value = question.default(ctx);
    } else value = question.default(ctx);
    (ctx.answers as Record<string, unknown>)[question.key] = value;
  }
  if (missing.length) throw missingAnswers(missing, ctx, options.command ?? 'create-agents');
  return ctx.answers as Answers;
}

function missingAnswers(missing: Question[], ctx: QuestionContext, command: string) {
  const what = missing.map((q) => (q.flag ? `--${q.flag.name}` : 'a folder argument')).join(' and ');
  const dir = missing.some((q) => q.key === 'dir') ? 'my-project' : ctx.answers.dir;
  const example = `${command} ${dir} --stack ${ctx.answers.stack ?? ctx.registry.defaultStack} --yes`;
  return usageError(
    `No terminal to ask on, and ${what} ${missing.length > 1 ? 'were' : 'was'} not given.`,
    `Pass them, or --yes for the defaults. For example:\n  ${example}\nValid stacks: ${ctx.registry.stacks.map((s) => s.id).join(', ')}.`,
  );
}

/** What the project records: every answer but the folder. */
export function recordable(answers: Answers): RecordedAnswers {
  const { dir: _dir, ...rest } = answers;
  return rest;
}
