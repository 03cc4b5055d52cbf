import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Opens up folders a test made read-only, so that the run's folder can be removed by any user. */
function openUp(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (lstatSync(path).isDirectory()) openUp(path);
    }
  } catch {
    // Not ours to change; rmSync reports what stays.
  }
}

/**
 * Every temporary folder of a test run (the tests' own, and those of the programs they start) goes
 * below one folder, which is removed when the run ends.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'create-agents-tests-'));
  // Reachable by the other user the permission tests run the command as, like the system's own /tmp.
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  return () => {
    try {
      rmSync(root, { recursive: true, force: true });
    } catch {
      openUp(root);
      rmSync(root, { recursive: true, force: true });
    }
  };
}
