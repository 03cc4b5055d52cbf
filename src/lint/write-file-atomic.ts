import { randomBytes } from 'node:crypto';
import { chmod, chown, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces one file atomically: the new content is written to a temporary file in the same folder,
 * then renamed over the original, which readers see whole or not at all. If the file changed since
 * `expected` was read, nothing is replaced and this throws.
 */
export async function replaceFileAtomically(path: string, content: string, expected: Buffer): Promise<void> {
  // Named like the writer's temporary files, so a run that finds one left by a killed lint removes it.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.create-agents-tmp`);
  const { mode, nlink, uid, gid } = await stat(path);
  // A rename gives the path a new file: the other names of a hard-linked file would keep the old text.
  if (nlink > 1) throw new Error(`it has ${nlink} hard links, which a repair would separate; repair it by hand (or lint --fix a copy)`);
  await writeFile(tmp, content, { flag: 'wx' });
  try {
    await chmod(tmp, mode & 0o7777);
    // Run as root, the new file would be root's: it keeps the owner of the file it replaces.
    if (process.getuid?.() === 0 && (uid !== 0 || gid !== 0)) await chown(tmp, uid, gid);
    if (!(await readFile(path)).equals(expected)) throw new Error(`${path} changed while it was being repaired; it was left as it is.`);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
