import { lstat } from 'node:fs/promises';
import { repairAgentText } from './repair.js';
import { replaceFileAtomically } from './write-file-atomic.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Repairs each file that needs it, one atomic replacement per file; `bytes` is updated to what is on
 * disk afterwards. A file that cannot be repaired, or is a link, binary or changed meanwhile, is left
 * as it was and listed in `notFixed`.
 */
export async function fixFiles(
  files: Array<{ abs: string; path: string; bytes: Buffer }>,
  fixed: Array<{ file: string; changes: string[] }>,
  notFixed: Array<{ file: string; reason: string }>,
): Promise<void> {
  for (const file of files) {
    let text: string;
    try {
      if (file.bytes.includes(0)) throw new Error('binary');
      text = utf8.decode(file.bytes);
    } catch {
      notFixed.push({ file: file.path, reason: 'not UTF-8 text' });
      continue;
    }
    const repair = repairAgentText(text);
    if (repair.kind === 'none') continue;
    if (repair.kind === 'impossible') {
      notFixed.push({ file: file.path, reason: repair.reason });
      continue;
    }
    if ((await lstat(file.abs)).isSymbolicLink()) {
      notFixed.push({ file: file.path, reason: 'it is a symbolic link; run lint --fix on the file it points to' });
      continue;
    }
    try {
      await replaceFileAtomically(file.abs, repair.text, file.bytes);
      file.bytes = Buffer.from(repair.text);
      fixed.push({ file: file.path, changes: repair.changes });
    } catch (error) {
      notFixed.push({ file: file.path, reason: (error as Error).message });
    }
  }
}
