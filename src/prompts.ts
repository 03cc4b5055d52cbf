import { InterruptedError } from './errors.js';
import type { Answers, Question, QuestionContext } from './questions.js';

/** Every choice on one page when the terminal is tall enough (room kept for the question and its help). */
export function pageSizeFor(count: number, rows = process.stdout.rows): number {
  return Math.max(7, Math.min(count, (rows || 24) - 6));
}

/** Asks one question on the terminal. Loaded only on the interactive path. */
export async function askQuestion<K extends keyof Answers>(question: Question<K>, ctx: QuestionContext): Promise<Answers[K]> {
  const fallback = question.default(ctx);
  const validate = (value: unknown) => question.validate?.(value as Answers[K], ctx) ?? true;
  try {
    let value: unknown;
    switch (question.prompt) {
      case 'input': {
        const { default: input } = await import('@inquirer/input');
        value = await input({ message: question.message, default: String(fallback), validate });
        break;
      }
      case 'confirm': {
        const { default: confirm } = await import('@inquirer/confirm');
        value = await confirm({ message: question.message, default: Boolean(fallback) });
        break;
      }
      case 'select': {
        const { default: select } = await import('@inquirer/select');
        value = await select({ message: question.message, choices: question.choices!(ctx), default: fallback ?? '' });
        break;
      }
      case 'checkbox': {
        const [{ default: checkbox }, { default: figures }] = await Promise.all([import('@inquirer/checkbox'), import('@inquirer/figures')]);
        const chosen = new Set(fallback as string[]);
        const choices = question.choices!(ctx);
        const picked: string[] = await checkbox({
          message: question.message,
          // A locked choice is a disabled one, drawn checked: it cannot be unchecked, and the reason shows.
          choices: choices.map(({ locked, ...c }) => ({ ...c, checked: chosen.has(c.value), ...(locked ? { disabled: locked } : {}) })),
          theme: { style: { disabledChoice: (text: string) => ` ${figures.circleFilled} ${text}` } },
          pageSize: pageSizeFor(choices.length),
          // An empty team is impossible: a locked choice is always in it, else one must be checked (an empty kit is fine).
          required: !question.allowEmpty && !choices.some((c) => c.locked),
        });
        // inquirer leaves disabled choices out of the answer: the locked ones go back in, in their order.
        value = choices.filter((c) => c.locked || picked.includes(c.value)).map((c) => c.value);
        break;
      }
    }
    return question.fromPrompt ? question.fromPrompt(value) : (value as Answers[K]);
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  }
}
