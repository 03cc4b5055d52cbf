/**
 * The hash the project record keeps of every generated file, to tell later whether you edited it:
 * SHA-256 of the file's bytes (text as UTF-8), as 64 hex digits. `node:crypto` (which brings Node's
 * streams with it) loads at the first hash, so commands that hash nothing, such as `--help`, skip it.
 */
export function sha256(content: string | Uint8Array): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(content).digest('hex');
}
