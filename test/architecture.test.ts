import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

/** Every .ts file below `dir`, relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(REPO, join(e.parentPath, e.name)).split('\\').join('/'));
}

// Static imports and re-exports (type-only ones too), side-effect imports, and import('...') calls.
const SPECIFIERS = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g];

/** What `file` imports from this repository, as repository paths. */
function importsOf(file: string, text: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIERS) {
    for (const [, spec] of text.matchAll(pattern)) {
      if (!spec!.startsWith('.')) continue;
      const target = relative(REPO, resolve(REPO, dirname(file), spec!))
        .split('\\')
        .join('/');
      found.add(target.replace(/\.js$/, '.ts'));
    }
  }
  return [...found];
}

/** A file's node: its folder, except that each file directly in src/ is a node of its own. */
function nodeOf(path: string): string {
  const folder = dirname(path);
  return folder === 'src' ? path : folder;
}

/**
 * The knots of a graph: each strongly connected component of more than one node (Tarjan), with one
 * cycle through it to show how it closes.
 */
function cyclesOf(graph: Map<string, Set<string>>): Array<{ nodes: string[]; cycle: string[] }> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((nodes) => ({ nodes, cycle: cycleThrough(graph, nodes) }));
}

/** One closed walk through a component, found by a breadth-first search back to its first node. */
function cycleThrough(graph: Map<string, Set<string>>, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

/** The folder graph of src/ and generators/, with the file imports behind each edge. */
function folderGraph() {
  const graph = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const file of [...sources('src'), ...sources('generators')]) {
    const from = nodeOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const target of importsOf(file, readFileSync(join(REPO, file), 'utf8'))) {
      const to = nodeOf(target);
      if (to === from) continue;
      graph.get(from)!.add(to);
      if (!why.has(`${from} -> ${to}`)) why.set(`${from} -> ${to}`, `${file} imports ${target}`);
    }
  }
  return { graph, why };
}

describe('architecture', () => {
  it('reads every kind of import, and finds a cycle', () => {
    const text = [
      "import { a } from './a.js';",
      "import type {\n  B,\n} from '../lib/b.js';",
      "export * from './c.js';",
      "const d = await import('../d.js');",
      "import 'node:fs';",
      "import './side.js';",
    ].join('\n');
    expect(importsOf('src/x/y.ts', text).sort()).toEqual(['src/d.ts', 'src/lib/b.ts', 'src/x/a.ts', 'src/x/c.ts', 'src/x/side.ts']);
    expect(nodeOf('src/main.ts')).toBe('src/main.ts');
    expect(nodeOf('src/check/tree.ts')).toBe('src/check');
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cyclesOf(graph)).toEqual([{ nodes: ['a', 'b', 'c'], cycle: ['a', 'b', 'c', 'a'] }]);
    expect(
      cyclesOf(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import cycle between folders (each file directly in src/ counts as a folder)', () => {
    const { graph, why } = folderGraph();
    const report = cyclesOf(graph).map(({ nodes, cycle }) =>
      [
        `${cycle.join(' -> ')}${nodes.length > cycle.length - 1 ? `  (the knot also holds ${nodes.filter((n) => !cycle.includes(n)).join(', ')})` : ''}`,
        ...cycle.slice(1).map((to, i) => `    ${why.get(`${cycle[i]} -> ${to}`)}`),
      ].join('\n'),
    );
    expect(report, `import cycles:\n${report.join('\n')}`).toEqual([]);
  });
});
