/**
 * Compiles a Handlebars template, at build time, into the source of a plain JavaScript function
 * `(context, root = context) => string` over the operations of src/templates/runtime.ts (`r` in the
 * code; the stack's partials are `p`). Handlebars parses the template, its whitespace control
 * included; this turns the parsed tree into string concatenation, so the built-in templates render
 * without the Handlebars runtime.
 *
 * It covers what templates/README.md documents: text, `{{path}}` (strict), `{{#if}}`, `{{#unless}}`
 * and `{{#each}}` with `{{else}}`, `{{#has}}` and `{{#hasAny}}`, the value helpers `sql`, `toml` and
 * `json`, and `{{> partial}}`. Anything else (hash arguments, sub-expressions, block parameters...)
 * is an error naming it: a templates folder given with --templates is rendered by Handlebars itself
 * and may use them; the built-in templates may not.
 */
// The parsed tree's node types: handlebars' types declare them as the global namespace `hbs`.
import type {} from 'handlebars';
import { helpers } from './runtime.js';

type HandlebarsParse = (source: string) => hbs.AST.Program;

export class UnsupportedTemplate extends Error {}

const unsupported = (what: string): never => {
  throw new UnsupportedTemplate(`The build compiles built-in templates without Handlebars' runtime and does not support ${what}.`);
};

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;

interface Scope {
  /** The variable holding the context at each depth, innermost first. */
  contexts: string[];
  /** The variable holding `@index`, `@key`... of the innermost `{{#each}}`, if any. */
  data: string | null;
}

/** The value helpers are the runtime's own, so the two lists cannot drift apart. */
const VALUE_HELPERS = new Set(Object.keys(helpers));
const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'has', 'hasAny']);
const DATA_NAMES = new Set(['index', 'key', 'first', 'last']);

/**
 * The function's source; throws UnsupportedTemplate for what it does not cover. `text` writes a piece
 * of the template's text as an expression: a string literal unless the caller keeps the text elsewhere.
 */
export function compileToJs(parse: HandlebarsParse, source: string, text: (value: string) => string = JSON.stringify): string {
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${counter++}`;
  const at = (node: Node) => (node.loc ? ` (line ${node.loc.start.line})` : '');

  function path(node: PathExpression, scope: Scope, strictTerminal: boolean): string {
    if (node.data) {
      const [name, ...rest] = node.parts;
      if (name === 'root' && node.depth === 0) return walk('root', rest, strictTerminal);
      if (!scope.data || node.depth !== 0 || rest.length || !DATA_NAMES.has(name!)) return unsupported(`@${node.parts.join('.')} here${at(node)}`);
      return `${scope.data}.${name}`;
    }
    const context = scope.contexts[node.depth];
    if (context === undefined) return unsupported(`${node.original}, which goes above the outermost context${at(node)}`);
    return walk(context, node.parts, strictTerminal);
  }

  /** Each part looked up strictly; the last one strictly too for `{{path}}`, leniently for an argument. */
  function walk(base: string, parts: string[], strictTerminal: boolean): string {
    let code = base;
    parts.forEach((part, i) => {
      const fn = i < parts.length - 1 || strictTerminal ? 'r.strict' : 'r.lookup';
      code = `${fn}(${code}, ${JSON.stringify(part)})`;
    });
    return code;
  }

  function argument(node: Expression, scope: Scope): string {
    switch (node.type) {
      case 'PathExpression':
        return path(node as PathExpression, scope, false);
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return JSON.stringify((node as hbs.AST.StringLiteral).value);
      case 'NullLiteral':
        return 'null';
      case 'UndefinedLiteral':
        return 'undefined';
      default:
        return unsupported(`a ${node.type} as an argument${at(node)}`);
    }
  }

  function refuseHashArguments(node: { params: Expression[]; hash?: hbs.AST.Hash } & Node, what: string): void {
    if (node.hash?.pairs.length) unsupported(`hash arguments (${what}${at(node)})`);
  }

  function program(node: Program | undefined, scope: Scope): string {
    if (!node) return '""';
    if (node.blockParams?.length) unsupported(`block parameters (as |${node.blockParams.join(' ')}|)${at(node)}`);
    const parts = node.body.map((statement) => statementCode(statement, scope)).filter((code) => code !== '""');
    return parts.length ? parts.join(' + ') : '""';
  }

  function statementCode(node: Node, scope: Scope): string {
    switch (node.type) {
      case 'ContentStatement':
        return text((node as hbs.AST.ContentStatement).value);
      case 'CommentStatement':
        return '""';
      case 'MustacheStatement':
        return mustache(node as hbs.AST.MustacheStatement, scope);
      case 'BlockStatement':
        return block(node as hbs.AST.BlockStatement, scope);
      case 'PartialStatement':
        return partial(node as hbs.AST.PartialStatement, scope);
      default:
        return unsupported(`${node.type === 'PartialBlockStatement' ? 'partial blocks' : node.type}${at(node)}`);
    }
  }

  function mustache(node: hbs.AST.MustacheStatement, scope: Scope): string {
    if (node.path.type !== 'PathExpression') return unsupported(`a ${node.path.type} in {{...}}${at(node)}`);
    const head = node.path as PathExpression;
    refuseHashArguments(node, `{{${head.original}}}`);
    if (node.params.length === 0) {
      if (!head.data && head.parts.length === 1 && (VALUE_HELPERS.has(head.parts[0]!) || BLOCK_HELPERS.has(head.parts[0]!))) {
        return unsupported(`{{${head.original}}} without an argument${at(node)}`);
      }
      return `r.text(${path(head, scope, true)})`;
    }
    const name = head.parts[0]!;
    if (head.data || head.depth || head.parts.length !== 1 || !VALUE_HELPERS.has(name)) return unsupported(`the helper {{${head.original} ...}}${at(node)}`);
    if (node.params.length !== 1) return unsupported(`{{${name}}} with ${node.params.length} arguments${at(node)}`);
    return `r.text(r.helpers.${name}(${argument(node.params[0]!, scope)}))`;
  }

  function block(node: hbs.AST.BlockStatement, scope: Scope): string {
    if (node.path.type !== 'PathExpression') return unsupported(`a ${node.path.type} as a block${at(node)}`);
    const head = node.path as PathExpression;
    const name = head.parts[0]!;
    if (head.data || head.depth || head.parts.length !== 1 || !BLOCK_HELPERS.has(name)) return unsupported(`the block {{#${head.original}}}${at(node)}`);
    refuseHashArguments(node, `{{#${name}}}`);
    const yes = () => program(node.program, scope);
    const no = () => program(node.inverse, scope);
    const one = () => {
      if (node.params.length !== 1) unsupported(`{{#${name}}} with ${node.params.length} arguments${at(node)}`);
      return argument(node.params[0]!, scope);
    };
    switch (name) {
      case 'if':
        return `(r.truthy(${one()}) ? ${yes()} : ${no()})`;
      case 'unless':
        return `(r.truthy(${one()}) ? ${no()} : ${yes()})`;
      case 'each': {
        const list = one();
        const item = fresh('i');
        const data = fresh('d');
        const inner: Scope = { contexts: [item, ...scope.contexts], data };
        return `r.each(${list}, (${item}, ${data}) => ${program(node.program, inner)}, () => ${no()})`;
      }
      default: {
        // has, hasAny: agent names as string literals.
        if (!node.params.length || node.params.some((p) => p.type !== 'StringLiteral')) return unsupported(`{{#${name}}} with anything but agent names in quotes${at(node)}`);
        const names = JSON.stringify(node.params.map((p) => (p as hbs.AST.StringLiteral).value));
        return `(r.has(root, ${names}, ${name === 'hasAny'}) ? ${yes()} : ${no()})`;
      }
    }
  }

  function partial(node: hbs.AST.PartialStatement, scope: Scope): string {
    if (node.name.type !== 'PathExpression' || (node.name as PathExpression).parts.length !== 1) return unsupported(`a dynamic partial name${at(node)}`);
    if (node.params.length) return unsupported(`a partial given a context (${(node.name as PathExpression).original})${at(node)}`);
    refuseHashArguments(node, `{{> ${(node.name as PathExpression).original}}}`);
    return `r.partial(p, ${JSON.stringify((node.name as PathExpression).original)}, ${scope.contexts[0]}, root, ${JSON.stringify(node.indent ?? '')})`;
  }

  return `(c, root = c) => ${program(parse(source), { contexts: ['c'], data: null })}`;
}
