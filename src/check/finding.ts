/** One problem a check found: where, which rule, how bad, and what to do about it. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Path relative to the folder checked, POSIX separators. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** Rule id, `area/name`. */
  rule: string;
  severity: Severity;
  message: string;
  /** A one-line hint on how to fix it. */
  fix: string;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings by file, then line, then severity. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      ORDER[a.severity] - ORDER[b.severity] ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The 1-based line of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
