/**
 * Folders a project must not go into: writing there breaks a system, a repository or a package
 * install, or never ends (procfs answers a recursive mkdir in a loop).
 */
import { homedir } from 'node:os';
import { sep } from 'node:path';
import { realPathOf } from './write/inspect.js';

export interface UnsafeTarget {
  reason: string;
  /** Whether --unsafe-target lets a run write there anyway. */
  overridable: boolean;
  /** A folder that would do instead. */
  example: string;
}

/** Pseudo file systems: nothing written there is a file, and never overridable. */
const PSEUDO = ['/proc', '/sys', '/dev'];
/** File systems of files mounted inside them (/dev/shm is a RAM disk). */
const FILES_INSIDE_PSEUDO = ['/dev/shm'];
/** The system's own programs and settings: refused with everything inside them. */
const SYSTEM_TREES = ['/bin', '/sbin', '/boot', '/etc', '/lib', '/lib32', '/lib64', '/usr/bin', '/usr/sbin', '/usr/lib', '/run', '/System'];
/** Folders that hold other folders (/usr/src/app and /opt/app are fine): refused themselves only. */
const SYSTEM_FOLDERS = ['/usr', '/usr/local', '/opt', '/srv', '/var', '/home', '/Users', '/Library', '/Applications', '/private', '/mnt', '/media'];
/** Folders a tool owns: a project inside one is lost or breaks it. */
const OWNED = ['.git', 'node_modules'];

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Why `root` is no place for a project, or null. Both the path as given and its real path count. */
export function unsafeTarget(root: string, home = homedir()): UnsafeTarget | null {
  const paths = [...new Set([root, realPathOf(root)])].map((p) => p.split(sep).join('/'));
  const homes = new Set([home, realPathOf(home)].map((p) => p.split(sep).join('/')));
  // A folder below it would do where the folder itself is the problem; elsewhere, one in the home folder.
  const below = `${root}${sep}my-project`;
  const elsewhere = `${home}${sep}my-project`;
  for (const path of paths) {
    if (/^([a-z]:)?\/?$/i.test(path)) return { reason: 'is the root of the file system', overridable: false, example: elsewhere };
    const pseudo = PSEUDO.find((f) => within(path, f));
    if (pseudo && !FILES_INSIDE_PSEUDO.some((f) => within(path, f))) {
      return { reason: `is in ${pseudo}, a file system of the kernel's, not of files`, overridable: false, example: elsewhere };
    }
    const owned = path.split('/').find((part) => OWNED.includes(part));
    if (owned)
      return {
        reason: `is in a ${owned} folder, which belongs to ${owned === '.git' ? 'git' : 'the package manager'}`,
        overridable: false,
        example: elsewhere,
      };
    const tree = SYSTEM_TREES.find((f) => within(path, f));
    if (tree) return { reason: `is in ${tree}, a system folder`, overridable: true, example: elsewhere };
    if (SYSTEM_FOLDERS.includes(path)) return { reason: 'is a system folder', overridable: true, example: below };
    if (homes.has(path)) return { reason: 'is your home folder', overridable: true, example: below };
  }
  return null;
}
