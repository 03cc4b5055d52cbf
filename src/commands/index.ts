/**
 * The commands. Creating a project is the common case and loads with this module; the maintenance
 * commands load when named.
 */
import type { CommandIO } from './common.js';

export { runCreate } from './create.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

export const SUBCOMMANDS: Record<string, () => Promise<Command>> = {
  list: async () => (await import('./list.js')).run,
  check: async () => (await import('./check.js')).run,
  lint: async () => (await import('./lint.js')).run,
  add: async () => (await import('./add.js')).run,
  update: async () => (await import('./update.js')).run,
  plugin: async () => (await import('./plugin.js')).run,
};
