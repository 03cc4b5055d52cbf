/**
 * Findings in the formats CI viewers read: SARIF 2.1.0 (GitHub code scanning and other viewers) and
 * GitHub Actions workflow commands (annotations on the lines of a pull request).
 */
import type { Finding, Severity } from './finding.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A SARIF 2.1.0 log with one run: each rule once (its id, and the first finding's fix as help), each
 * finding a result located by the file's path relative to the folder checked.
 */
export function toSarif(findings: readonly Finding[], tool: { version: string }): object {
  const rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string } }> = [];
  const index = new Map<string, number>();
  for (const f of findings) {
    if (index.has(f.rule)) continue;
    index.set(f.rule, rules.length);
    rules.push({ id: f.rule, shortDescription: { text: f.rule }, help: { text: f.fix } });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'create-agents', version: tool.version, informationUri: 'https://www.npmjs.com/package/create-agents', rules } },
        originalUriBaseIds: { SRCROOT: { description: { text: 'The folder checked.' } } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.message} Fix: ${f.fix}` },
          locations: [
            { physicalLocation: { artifactLocation: { uri: encodeURI(f.file), uriBaseId: 'SRCROOT' }, ...(f.line ? { region: { startLine: f.line } } : {}) } },
          ],
        })),
      },
    ],
  };
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** One GitHub Actions workflow command per finding: `::error file=...,line=...,title=rule::message`. */
export function toGithub(findings: readonly Finding[], prefix = ''): string {
  return findings
    .map((f) => {
      const where = [`file=${escapeProperty(prefix + f.file)}`, ...(f.line ? [`line=${f.line}`] : []), `title=${escapeProperty(f.rule)}`].join(',');
      return `::${GITHUB_COMMAND[f.severity]} ${where}::${escapeData(`${f.message}\nFix: ${f.fix}`)}`;
    })
    .join('\n');
}
