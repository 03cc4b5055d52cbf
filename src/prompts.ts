import { InterruptedError } from './errors.js';
import type { Answers, Question, QuestionContext } from './questions.js';

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
        const { default: checkbox } = await import('@inquirer/checkbox');
        const chosen = new Set(fallback as string[]);
        value = await checkbox({
          message: question.message,
          choices: question.choices!(ctx).map((c) => ({ ...c, checked: chosen.has(c.value) })),
        });
        break;
      }
    }
    return question.fromPrompt ? question.fromPrompt(value) : (value as Answers[K]);
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  }
}
