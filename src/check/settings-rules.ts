import type { Finding } from './finding.js';
import type { ProjectTree } from './tree.js';

const SETTINGS = '.claude/settings.json';
const RULE_LISTS = ['allow', 'ask', 'deny'] as const;

/** The 1-based line of the first occurrence of `needle`, if any. */
function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index === -1 ? undefined : text.slice(0, index).split('\n').length;
}

/** What Claude Code's validator (2.1.197) skips a permission rule for, or null. */
function ruleProblem(rule: string): string | null {
  let depth = 0;
  for (const char of rule) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) break;
  }
  if (depth !== 0) return 'its parentheses do not match';
  if (/:\*(?!\)$)/.test(rule)) return 'its ":*" is not at the end (use * for a wildcard elsewhere)';
  return null;
}

/**
 * `.claude/settings.json`: JSON that Claude Code can read, and permission rules it does not skip. A
 * settings file Claude Code cannot read is ignored whole, silently in `claude -p`: its deny rules too.
 */
export async function checkSettings(tree: ProjectTree): Promise<Finding[]> {
  const bytes = await tree.read(SETTINGS);
  if (!bytes) return [];
  const text = bytes.toString('utf8');
  const finding = (rule: string, message: string, fix: string, line?: number): Finding => ({
    file: SETTINGS,
    ...(line ? { line } : {}),
    rule,
    severity: 'error',
    message,
    fix,
  });
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return [
      finding(
        'settings/invalid-json',
        `Not valid JSON (${(error as Error).message}): Claude Code ignores the whole file, its deny rules included.`,
        'Fix the JSON: no comments, no trailing commas.',
      ),
    ];
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return [
      finding('settings/invalid-json', 'Not a JSON object: Claude Code ignores the whole file.', 'Write an object such as { "permissions": { "deny": [] } }.'),
    ];
  }
  const permissions = (data as { permissions?: unknown }).permissions;
  if (permissions === undefined) return [];
  if (!permissions || typeof permissions !== 'object' || Array.isArray(permissions)) {
    return [finding('settings/permissions', '"permissions" is not an object.', 'Write "permissions": { "allow": [...], "ask": [...], "deny": [...] }.')];
  }
  const findings: Finding[] = [];
  for (const list of RULE_LISTS) {
    const rules = (permissions as Record<string, unknown>)[list];
    if (rules === undefined) continue;
    if (!Array.isArray(rules) || !rules.every((r) => typeof r === 'string')) {
      findings.push(
        finding(
          'settings/permissions',
          `"permissions.${list}" is not a list of rules: Claude Code ignores it.`,
          `Write "${list}": ["Tool(specifier)", ...].`,
          lineOf(text, `"${list}"`),
        ),
      );
      continue;
    }
    for (const rule of rules as string[]) {
      const problem = ruleProblem(rule);
      if (problem) {
        findings.push(
          finding(
            'settings/rule-syntax',
            `Claude Code skips the ${list} rule "${rule}": ${problem}.`,
            'Write it as Tool or Tool(specifier), for example Bash(npm test *) or Read(.env).',
            lineOf(text, JSON.stringify(rule)),
          ),
        );
      }
    }
  }
  return findings;
}
