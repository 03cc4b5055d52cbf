/** The commands CLAUDE.md lists under "Work now": every `code span` starting with npx in that list. */
export function commandsThatWorkNow(claudeMd: string): string[] {
  const lines = claudeMd.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Work now'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .flatMap((line) => [...line.matchAll(/`(npx [^`]+)`/g)].map((m) => m[1]!))
    .map((command) => command.replaceAll('<name>', 'example'));
}
