import { createHash } from 'node:crypto';

/**
 * The hash the project record keeps of every generated file, to tell later whether you edited it:
 * SHA-256 of the file's bytes (text as UTF-8), as 64 hex digits.
 */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
