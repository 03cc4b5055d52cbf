import type { FlagSpec } from '../args.js';
import type { Output } from '../output.js';
import { isTerminal } from '../terminal.js';

export interface CommandIO {
  cwd: string;
  output: Output;
}

/** Options every command takes. */
export const COMMON_FLAGS: FlagSpec[] = [
  { name: 'templates-dir', type: 'string', value: '<dir>', help: 'Use a templates folder of your own (layout: templates/README.md).' },
  { name: 'json', type: 'boolean', help: 'Print the result as JSON on stdout, nothing else.' },
  { name: 'verbose', type: 'boolean', help: 'Show every file, and stack traces on errors.' },
  { name: 'help', short: 'h', type: 'boolean', help: 'Show this help.' },
  { name: 'version', short: 'v', type: 'boolean', help: 'Print the version.' },
];

/** Prompts only on a real terminal, never in CI and never when stdout carries JSON. */
export function isInteractive(json: boolean): boolean {
  return !json && !process.env.CI && isTerminal(0) && isTerminal(1);
}
