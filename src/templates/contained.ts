import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { safeForTerminal } from '../terminal-text.js';
import { kindOf, NotRegularFileError, readRegularFile } from '../write/read-regular.js';

const HINT = 'A templates folder must hold its files itself: copy them in instead of linking to them.';

/**
 * A templates folder, read so that nothing outside it ends up in a project: every path is resolved
 * (links at any level, the part folders included) and must stay inside the folder, and every file
 * must be a regular one, opened without blocking (a FIFO or /dev/zero would hang a render).
 */
export class TemplatesFolder {
  private readonly real: string;

  constructor(readonly root: string) {
    this.real = realpathSync(root);
  }

  /** Whether something is at `path` (a link counts, whether or not it leads anywhere). */
  has(path: string): boolean {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  }

  /** Refuses `path` when it resolves outside the folder, naming it and where it leads. */
  private assertInside(path: string): void {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      throw new UserError(`Template error in ${safeForTerminal(path)}: it cannot be read (${(error as Error).message}).`, { exitCode: 2, hint: HINT });
    }
    const rel = relative(this.real, real);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return;
    throw new UserError(
      `Template error in ${safeForTerminal(path)}: it is or goes through a symbolic link that leads outside the templates folder (to ${safeForTerminal(real)}).`,
      { exitCode: 2, hint: HINT },
    );
  }

  /** A template file's text. */
  read(path: string): string {
    this.assertInside(path);
    try {
      const bytes = readRegularFile(path);
      if (!bytes) throw new UserError(`Template error in ${safeForTerminal(path)}: the file is missing.`, { exitCode: 2 });
      return bytes.toString('utf8');
    } catch (error) {
      if (error instanceof NotRegularFileError) {
        throw new UserError(`Template error in ${safeForTerminal(path)}: it is ${error.kind}, not a regular file.`, { exitCode: 2, hint: HINT });
      }
      throw error;
    }
  }

  /** The files below `dir`, in name order; links are followed only while they stay inside. */
  walk(dir: string, seen = new Set<string>()): string[] {
    if (!this.has(dir)) return [];
    this.assertInside(dir);
    if (!statSync(dir).isDirectory()) return [];
    const real = realpathSync(dir);
    // A link to a folder above it would make the walk endless.
    if (seen.has(real)) return [];
    seen.add(real);
    return readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((entry) => {
        const full = join(dir, entry.name);
        if (entry.isSymbolicLink()) this.assertInside(full);
        const stats = entry.isSymbolicLink() ? statSync(full) : entry;
        if (stats.isDirectory()) return this.walk(full, seen);
        if (stats.isFile()) return [full];
        throw new UserError(`Template error in ${safeForTerminal(full)}: it is ${kindOf(stats)}, not a regular file.`, { exitCode: 2, hint: HINT });
      });
  }
}
