import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { ScannedStack } from '../templates/scan.js';
import type { Finding } from './finding.js';

type Node = hbs.AST.Node;

/** Every `{{#has}}` / `{{#hasAny}}` in a template: the agent names it asks for, with their lines. */
function teamTests(source: string): Array<{ name: string; line: number }> {
  const found: Array<{ name: string; line: number }> = [];
  const walk = (node: Node | undefined): void => {
    if (!node) return;
    const block = node as hbs.AST.BlockStatement;
    if (node.type === 'BlockStatement' && block.path.type === 'PathExpression') {
      const helper = (block.path as hbs.AST.PathExpression).original;
      if (helper === 'has' || helper === 'hasAny') {
        for (const param of block.params) {
          const name =
            param.type === 'StringLiteral'
              ? (param as hbs.AST.StringLiteral).value
              : param.type === 'PathExpression'
                ? (param as hbs.AST.PathExpression).original
                : null;
          if (name !== null) found.push({ name, line: param.loc?.start.line ?? block.loc?.start.line ?? 1 });
        }
      }
      walk(block.program);
      walk(block.inverse);
    }
    for (const child of (node as hbs.AST.Program).body ?? []) walk(child);
  };
  walk(Handlebars.parse(source));
  return found;
}

/**
 * What a templates folder gets wrong that no render shows: a `{{#has}}` naming an agent the stack does
 * not have (its block can never render), and an agent template stack.json does not list (never rendered).
 */
export function checkTemplateSources(root: string, stack: ScannedStack): Finding[] {
  const findings: Finding[] = [];
  const dir = `stacks/${stack.meta.id}`;
  const team = new Set(stack.meta.agents.map((a) => a.name));
  const sources = [
    ...stack.agents.flatMap((a) => [
      { file: `${dir}/agents/${a.name}.md.hbs`, source: a.body },
      ...a.frontMatter.flatMap(([, v]) => (typeof v === 'string' && v.includes('{{') ? [{ file: `${dir}/agents/${a.name}.md.hbs`, source: v }] : [])),
    ]),
    ...stack.files.filter((f) => f.template).map((f) => ({ file: `${dir}: the template of ${f.path}`, source: f.source })),
  ];
  for (const { file, source } of sources) {
    let tests: Array<{ name: string; line: number }>;
    try {
      tests = teamTests(source);
    } catch {
      continue; // a syntax error: the render reports it
    }
    for (const { name, line } of tests) {
      if (team.has(name)) continue;
      findings.push({
        file,
        line,
        rule: 'template/unknown-agent',
        severity: 'error',
        message: `{{#has}} asks for "${name}", which is not an agent of stack ${stack.meta.id}: the block never renders.`,
        fix: `Name one of ${[...team].join(', ')} (in quotes).`,
      });
    }
  }
  let files: string[] = [];
  try {
    files = readdirSync(join(root, dir, 'agents'));
  } catch {
    // No agents folder: scanning the stack already failed on its lead agent.
  }
  for (const name of files.filter((f) => f.endsWith('.md.hbs')).map((f) => f.slice(0, -'.md.hbs'.length))) {
    if (!team.has(name)) {
      findings.push({
        file: `${dir}/agents/${name}.md.hbs`,
        rule: 'template/unlisted-agent',
        severity: 'error',
        message: `The agent template ${name} is not listed in ${dir}/stack.json, so it is never rendered.`,
        fix: `Add { "name": "${name}", "purpose": "..." } to "agents" in stack.json, or delete the template.`,
      });
    }
  }
  return findings;
}
