import { stringify } from 'yaml';

/**
 * Writes front matter from data with a YAML library, never by pasting text: whatever a value holds,
 * the result parses back to the same data. Multi-line strings become literal block scalars.
 */
export function emitFrontMatter(data: Record<string, unknown>): string {
  const yaml = stringify(data, { lineWidth: 0, blockQuote: 'literal' });
  return `---\n${yaml}---\n`;
}

/** Renders an agent file: front matter then body. */
export function agentFile(data: Record<string, unknown>, body: string): string {
  return emitFrontMatter(data) + body;
}
