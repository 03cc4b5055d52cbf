/** Terminal output: colors only on a terminal and never with NO_COLOR. */
import { isTerminal, writeOut } from './terminal.js';

export interface Output {
  color: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function createOutput(): Output {
  const color = !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb' && isTerminal(1);
  return {
    color,
    out: (text) => writeOut(1, `${text}\n`),
    err: (text) => writeOut(2, `${text}\n`),
  };
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof codes;

export function paint(output: Pick<Output, 'color'>, style: Style, text: string): string {
  if (!output.color) return text;
  const [open, close] = codes[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
