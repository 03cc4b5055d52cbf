import { paint, type Output, type Style } from '../output.js';
import { countBySeverity, type Finding, type Severity } from './finding.js';

const STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Findings grouped by file, each with its line, severity, rule id and fix. */
export function printFindings(output: Output, findings: readonly Finding[]): void {
  const lines: string[] = [];
  let file: string | null = null;
  for (const f of findings) {
    if (f.file !== file) {
      if (file !== null) lines.push('');
      file = f.file;
      lines.push(paint(output, 'bold', f.file));
    }
    const where = f.line ? `${f.line}`.padStart(5) : '     ';
    lines.push(`${where}  ${paint(output, STYLE[f.severity], f.severity.padEnd(7))} ${f.message} ${paint(output, 'dim', `(${f.rule})`)}`);
    lines.push(`${' '.repeat(15)}fix: ${f.fix}`);
  }
  if (lines.length) output.out(`${lines.join('\n')}\n`);
}

export function summaryLine(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'note')}`;
}
