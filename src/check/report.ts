import { jsonError, usageError } from '../errors.js';
import { type Output, paint, type Style } from '../output.js';
import { safeForTerminal } from '../terminal-text.js';
import { VERSION } from '../version.js';
import { countBySeverity, type Finding, type Severity } from './finding.js';
import { FORMATS, type Format, toGithub, toSarif } from './formats.js';

const STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Findings grouped by file, each with its line, severity, rule id and fix. */
export function printFindings(output: Output, findings: readonly Finding[]): void {
  const lines: string[] = [];
  let file: string | null = null;
  for (const f of findings) {
    if (f.file !== file) {
      if (file !== null) lines.push('');
      file = f.file;
      lines.push(paint(output, 'bold', safeForTerminal(f.file)));
    }
    const where = f.line ? `${f.line}`.padStart(5) : '     ';
    lines.push(`${where}  ${paint(output, STYLE[f.severity], f.severity.padEnd(7))} ${safeForTerminal(f.message)} ${paint(output, 'dim', `(${f.rule})`)}`);
    lines.push(`${' '.repeat(15)}fix: ${safeForTerminal(f.fix)}`);
  }
  if (lines.length) output.out(`${lines.join('\n')}\n`);
}

export function summaryLine(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'note')}`;
}

/** The `--format` option of check and lint (`--json` is `--format json`). */
export const FORMAT_FLAG = {
  name: 'format',
  type: 'string',
  value: `<${FORMATS.join('|')}>`,
  help: 'How to print the findings: text, json, sarif (SARIF 2.1.0) or github (workflow annotations).',
} as const;

export function formatOf(flags: Record<string, string | boolean>): Format {
  const format = flags.format ?? (flags.json === true ? 'json' : 'text');
  if (!(FORMATS as readonly unknown[]).includes(format)) throw usageError(`Unknown --format ${JSON.stringify(format)}.`, `Use one of ${FORMATS.join(', ')}.`);
  return format as Format;
}

/**
 * Prints findings in the chosen format and returns the exit code: 0 without errors, else 1. `extra`
 * joins the JSON report; `what` names what was checked in the text summary; `prefix` makes the paths
 * of GitHub annotations relative to the working folder.
 */
export function reportFindings(
  output: Output,
  format: Format,
  findings: readonly Finding[],
  report: { extra: Record<string, unknown>; what: string; note?: string; prefix?: string },
): number {
  const summary = countBySeverity(findings);
  const ok = summary.error === 0;
  const error = ok ? {} : { error: jsonError(`${summary.error} error(s) found (${report.what}).`, 1, 'Each finding names its file, line, rule and a fix.') };
  if (format === 'json') output.out(JSON.stringify({ ok, ...error, ...report.extra, summary, findings }, null, 2));
  else if (format === 'sarif') output.out(JSON.stringify(toSarif(findings, { version: VERSION }), null, 2));
  else if (format === 'github') {
    if (findings.length) output.out(toGithub(findings, report.prefix));
  } else {
    printFindings(output, findings);
    if (report.note) output.out(report.note);
    const line = findings.length ? `${summaryLine(findings)} (${report.what}).` : `No problems (${report.what}).`;
    output.out(paint(output, ok ? 'green' : 'red', line));
  }
  return ok ? 0 : 1;
}
