/**
 * Reads the names that markdown text (agents, skills, CLAUDE.md) gives in backticks and says which of
 * them are clearly names of the project: a variable, a path, an Edge Function, a table or view, a
 * database function, or a payload key. Everything else in backticks (commands, SQL, code, headers,
 * tool names, packages, URLs, words) is left alone: a claim is made only where the text leaves no doubt.
 */

export type NameKind = 'variable' | 'path' | 'edge-function' | 'table' | 'database-function' | 'schema-object' | 'payload-key';

/** A name the text says the project has, at `offset` (the start of its backticked span). */
export interface Claim {
  kind: NameKind;
  name: string;
  /** The backticked text the name comes from. */
  span: string;
  offset: number;
  /** For `path`: whether it only counts when its first folder is one the project has (see pathClaim). */
  weak?: boolean;
  /** For `payload-key`: the Edge Functions its sentence names, whose code should use it. */
  functions?: string[];
}

export interface ClassifyContext {
  /** Edge Functions the project has: a payload shape is checked only in a sentence that names one. */
  functions?: ReadonlySet<string>;
}

interface Span {
  text: string;
  offset: number;
  end: number;
}

/** Paragraphs and list items that say a name is still to be made: their names are not claims. */
export const TO_CREATE = new RegExp(
  [
    String.raw`\bstill to (?:be )?(?:create|write|build|add)d?\b`,
    String.raw`\bto be (?:created|written|built|added)\b`,
    String.raw`\bto create (?:it|them)\b`,
    String.raw`\bcreate (?:it|them) (?:with|when|on|as|first)\b`,
    String.raw`\b(?:is|are|will be) created (?:by|with|when)\b`,
    String.raw`\b(?:is|are) not generated\b`,
    String.raw`\b(?:does|do) not exist in a fresh project\b`,
    String.raw`\bfresh project (?:does not have|lacks)\b`,
    String.raw`\bonce\b[^.;]*\bexists?\b`,
    String.raw`\b(?:no|not)\b[^.;]*\byet\b`,
    String.raw`\(to create\)`,
  ].join('|'),
  'i',
);

/**
 * Sentences that map a name to the project's own (`sql/**` in the lead's notes means `supabase/migrations/`;
 * `sql/**` is `supabase/migrations/*.sql` here):
 * the names before the verb are acknowledged wherever they stand. This is how CLAUDE.md answers for a
 * seed body, which stays as its author wrote it.
 */
const MAPPING = /\b(?:means?|refers? to|stands? for)\b|\b(?:is|are)\s+`[^`]+`\s+(?:here|in this project)\b/;

/** Sentences that list search patterns (`Grep for ...`): their spans are patterns, not names. */
const PATTERN_LIST = /\bgrep\b|\bsearch (?:for|the code for)\b/i;

/**
 * Folders of the app the stack's own create command makes (`npm create vue@latest .` and the like);
 * create-agents does not generate them, and the team's text describes them as they will be.
 */
export const APP_FOLDERS: ReadonlySet<string> = new Set(['src', 'public', 'tests', 'e2e', 'test', 'node_modules', 'dist']);

/** Top folders create-agents generates: a path under them is checked even when the folder is missing. */
export const GENERATED_FOLDERS: ReadonlySet<string> = new Set(['supabase', '.claude']);

const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Prefixes and suffixes that make an UPPER_SNAKE word a variable whatever the sentence says. */
const ENV_SHAPE = /^(?:VITE|PUBLIC|NEXT_PUBLIC|SUPABASE|STRIPE|N8N|META|OPENAI)_|_(?:URL|KEY|SECRET|TOKEN|PASSWORD|REF|DSN|HOST|PORT)$/;
const ENV_SENTENCE = /\b(?:env|environment|variables?|secrets?)\b|\.env\b/i;
/** Variables read in code: the name is a variable wherever such an expression stands. */
const ENV_READS = [
  /\bimport\.meta\.env\.([A-Z][A-Z0-9_]*)/g,
  /\bprocess\.env\.([A-Z][A-Z0-9_]*)/g,
  /\bDeno\.env\.get\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
  /\benv\(\s*([A-Z][A-Z0-9_]*)\s*\)/g,
  /\$\{([A-Z][A-Z0-9_]*)\}/g,
];

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const WORD = /^[a-z][a-z0-9]*$/;
const IDENT = /^[a-z_][a-z0-9_]*$/;
/** Schemas Supabase owns: `public` is the project's; the others are not checked. */
const SCHEMAS: ReadonlySet<string> = new Set(['public', 'auth', 'storage', 'realtime', 'extensions', 'graphql', 'vault', 'net', 'cron', 'pgsodium']);

/** SQL words that a parenthesis follows (`using (true)`, `check (...)`): not table names. */
const SQL_WORDS: ReadonlySet<string> = new Set(
  'using check in values on exists any all not select returning unique primary key references foreign grant revoke create table index returns with where and or array row default coalesce count sum min max over filter execute function procedure'.split(
    ' ',
  ),
);

/** Where Edge Function names stand inside longer spans: URLs, config blocks, CLI commands, invoke calls. */
const FUNCTION_REFS = [
  /\/functions\/v1\/([a-z0-9][a-z0-9_-]*)(?![a-z0-9_<-])/g,
  /^\[functions\.([a-z0-9][a-z0-9_-]*)\]/g,
  /\bsupabase functions (?:serve|deploy|delete|download) ([a-z0-9][a-z0-9_-]*)(?![\w<-])/g,
  /\bfunctions\.invoke\(\s*['"]([a-z0-9][a-z0-9_-]*)['"]/g,
];
const TABLE_REFS = [/\bTables(?:Insert|Update)?<\s*'([a-z_][a-z0-9_]*)'\s*>/g, /\.from\(\s*['"]([a-z_][a-z0-9_]*)['"]\s*\)/g];
/** `table (column, column desc)`: how the team's text names an index. */
const INDEX_SHAPE = /^([a-z_][a-z0-9_]*) \((?:[a-z_][a-z0-9_]*(?: (?:asc|desc))?)(?:, [a-z_][a-z0-9_]*(?: (?:asc|desc))?)*\)$/;

/** Inline code spans of markdown, outside fenced code blocks and HTML comments. */
export function codeSpans(text: string): Span[] {
  const masked = maskBlocks(text);
  const spans: Span[] = [];
  const run = /`+/g;
  let match: RegExpExecArray | null = run.exec(masked);
  while (match) {
    const ticks = match[0];
    const start = match.index + ticks.length;
    let close: RegExpExecArray | null = run.exec(masked);
    while (close && close[0].length !== ticks.length) close = run.exec(masked);
    if (!close) break;
    const raw = masked.slice(start, close.index);
    if (!raw.includes('\n\n')) {
      const trimmed = raw.length > 2 && raw.startsWith(' ') && raw.endsWith(' ') ? raw.slice(1, -1) : raw;
      spans.push({ text: trimmed.replace(/\n/g, ' '), offset: match.index, end: close.index + ticks.length });
    } else {
      run.lastIndex = start;
    }
    match = run.exec(masked);
  }
  return spans;
}

/** The text with fenced code blocks and HTML comments blanked (offsets and lines kept). */
function maskBlocks(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let out = text.replace(/<!--[\s\S]*?-->/g, blank);
  out = out.replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\2[^\n]*$|(?![\s\S]))/gm, blank);
  return out;
}

/**
 * Where each sentence ends (with `blocksOnly`, each paragraph or list item): at a blank line, a new list item, heading, table row or fence, and after
 * `.`, `!` or `?` outside code spans (not after e.g., i.e., etc.).
 */
function sentenceBounds(text: string, spans: readonly Span[], blocksOnly = false): number[] {
  const chars = text.split('');
  for (const s of spans) for (let i = s.offset; i < s.end; i++) if (chars[i] !== '\n') chars[i] = 'x';
  const prose = chars.join('');
  const bounds: number[] = [];
  const block = /\n(?=[ \t]*(?:\n|[-*+] |\d+[.)] |#|\||>|```|~~~|<))/g;
  for (const m of prose.matchAll(block)) bounds.push(m.index);
  for (const m of blocksOnly ? [] : prose.matchAll(/[.!?](?=\s)/g)) {
    if (/\b(?:e\.g|i\.e|etc|vs|cf)\.$/i.test(prose.slice(Math.max(0, m.index - 4), m.index + 1))) continue;
    bounds.push(m.index + 1);
  }
  bounds.push(text.length);
  return bounds.sort((a, b) => a - b);
}

function sentenceOf(bounds: readonly number[], offset: number): { start: number; end: number } {
  let start = 0;
  for (const b of bounds) {
    if (b > offset) return { start, end: b };
    start = b;
  }
  return { start, end: bounds.at(-1) ?? offset };
}

/**
 * The runs of spans joined only by commas, "and", "or" and slashes (`a`, `b` and `c`), with the prose
 * just before and after each run: "the functions `a` and `b`" names two functions.
 */
function runsOf(text: string, spans: readonly Span[]): Array<{ members: Span[]; before: string; after: string }> {
  const runs: Array<{ members: Span[]; before: string; after: string }> = [];
  let current: Span[] = [];
  const flush = (next?: Span) => {
    if (!current.length) return;
    const first = current[0]!;
    const last = current.at(-1)!;
    const beforeStart = Math.max(0, first.offset - 60);
    runs.push({
      members: current,
      before: text.slice(beforeStart, first.offset),
      after: text.slice(last.end, Math.min(text.length, next?.offset ?? last.end + 60, last.end + 60)),
    });
    current = [];
  };
  for (const span of spans) {
    const previous = current.at(-1);
    if (previous && !/^(?:\s*(?:,|\/|\band\b|\bor\b)\s*)+$/.test(text.slice(previous.end, span.offset))) flush(span);
    current.push(span);
  }
  flush();
  return runs;
}

const FUNCTION_BEFORE = /\b(?:Edge\s+)?[Ff]unctions?[ \t]*$/;
const FUNCTION_AFTER = /^[ \t]+(?:Edge\s+)?[Ff]unctions?\b/;
const EDGE_BEFORE = /\bEdge\s+[Ff]unctions?[ \t]*$/;
const EDGE_AFTER = /^[ \t]+Edge\s+[Ff]unctions?\b/;
const RELATION_BEFORE = /\b(?:table|tables|view|views)[ \t]*$/i;
const RELATION_AFTER = /^[ \t]+(?:table|tables|view|views|materialized view)\b/i;
const NOT_EDGE = /\b(?:SQL|database|Postgres|PostgreSQL|trigger|RPC|security definer)[ \t]*$/i;

/** The names in a markdown text that are clearly the project's, each with the offset of its span. */
export function classify(text: string, context: ClassifyContext = {}): Claim[] {
  const spans = codeSpans(text);
  const bounds = sentenceBounds(text, spans);
  const claims: Claim[] = [];
  const add = (kind: NameKind, name: string, span: Span, weak?: boolean) =>
    claims.push({ kind, name, span: span.text, offset: span.offset, ...(weak ? { weak } : {}) });
  const sentences = new Map<Span, string>();
  for (const span of spans) {
    const { start, end } = sentenceOf(bounds, span.offset);
    sentences.set(span, text.slice(start, end));
  }
  const marked = markedSpans(text, spans);
  const quiet = (span: Span) => marked.has(span) || PATTERN_LIST.test(sentences.get(span)!);

  // Edge Functions and tables named by the words around them.
  const edgeSpans = new Set<Span>();
  for (const run of runsOf(text, spans)) {
    const edge = EDGE_BEFORE.test(run.before) || EDGE_AFTER.test(run.after);
    const fn = !NOT_EDGE.test(run.before.replace(FUNCTION_BEFORE, '')) && (FUNCTION_BEFORE.test(run.before) || FUNCTION_AFTER.test(run.after));
    const relation = RELATION_BEFORE.test(run.before) || RELATION_AFTER.test(run.after);
    for (const span of run.members) {
      if (quiet(span)) continue;
      if (fn && (KEBAB.test(span.text) || (edge && WORD.test(span.text)))) {
        add('edge-function', span.text, span);
        edgeSpans.add(span);
      } else if (relation) {
        const name = span.text.replace(/^public\./, '');
        if (IDENT.test(name) && !SCHEMAS.has(name)) add('table', name, span);
      }
    }
  }

  for (const span of spans) {
    if (quiet(span)) continue;
    const s = span.text;
    const sentence = sentences.get(span)!;
    // Variables.
    if (ENV_NAME.test(s) && (ENV_SHAPE.test(s) || ENV_SENTENCE.test(sentence))) add('variable', s, span);
    else {
      const assignment = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=\S*$/.exec(s);
      if (assignment) add('variable', assignment[1]!, span);
    }
    for (const pattern of ENV_READS) for (const m of s.matchAll(pattern)) if (ENV_NAME.test(m[1]!)) add('variable', m[1]!, span);
    // Paths.
    const path = pathClaim(s);
    if (path) add('path', path.path, span, path.weak);
    // Edge Functions inside longer spans.
    for (const pattern of FUNCTION_REFS) for (const m of s.matchAll(pattern)) add('edge-function', m[1]!, span);
    // Tables, views and database functions.
    // `public.x` alone may be a table, a view or a function; `public.x(...)` is a function.
    const qualified = /^public\.([a-z_][a-z0-9_]*)(\([^`]*\))?$/.exec(s);
    if (qualified && !claims.some((c) => c.offset === span.offset && c.kind === 'table'))
      add(qualified[2] === undefined ? 'schema-object' : 'database-function', qualified[1]!, span);
    for (const pattern of TABLE_REFS) for (const m of s.matchAll(pattern)) add('table', m[1]!, span);
    const index = INDEX_SHAPE.exec(s);
    if (index && !SCHEMAS.has(index[1]!) && !SQL_WORDS.has(index[1]!)) add('table', index[1]!, span);
    // Payload keys: a `{ ... }` shape in a sentence that names an Edge Function.
    if (s.startsWith('{') && !s.startsWith('{{') && s.endsWith('}')) {
      const about = new Set<string>();
      for (const o of spans) {
        if (o === span || sentences.get(o) !== sentence) continue;
        if (edgeSpans.has(o) || context.functions?.has(o.text)) about.add(o.text);
        for (const pattern of FUNCTION_REFS) for (const m of o.text.matchAll(new RegExp(pattern.source, 'g'))) about.add(m[1]!);
      }
      if (about.size)
        for (const key of payloadKeys(s) ?? []) claims.push({ kind: 'payload-key', name: key, span: s, offset: span.offset, functions: [...about] });
    }
  }
  return dedupe(claims);
}

/**
 * The spans a text acknowledges as not (yet) the project's: every span of a sentence that says its
 * names are still to be created, and the spans before the verb of a sentence that maps a name.
 */
export function acknowledged(text: string): string[] {
  const spans = codeSpans(text);
  const bounds = sentenceBounds(text, spans);
  const marked = markedSpans(text, spans);
  const out: string[] = [];
  for (const span of spans) {
    const { start, end } = sentenceOf(bounds, span.offset);
    const sentence = text.slice(start, end);
    if (marked.has(span)) out.push(span.text);
    const mapping = MAPPING.exec(sentence);
    if (mapping && span.end <= start + mapping.index) out.push(span.text);
  }
  return out;
}

/** The spans whose paragraph or list item marks its names as still to create. */
function markedSpans(text: string, spans: readonly Span[]): Set<Span> {
  const blocks = sentenceBounds(text, spans, true);
  return new Set(
    spans.filter((span) => {
      const { start, end } = sentenceOf(blocks, span.offset);
      return TO_CREATE.test(text.slice(start, end));
    }),
  );
}

function dedupe(claims: Claim[]): Claim[] {
  const seen = new Set<string>();
  return claims.filter((c) => {
    const key = `${c.kind}\0${c.name}\0${c.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const PLACEHOLDER = /[<>]|\$\{|YYYY|\bMM\b|\bDD\b|\.\.\./;

/**
 * A span that is clearly a project path, or null. It has no spaces, quotes, parentheses or scheme, does
 * not start with `/` (a route or URL path), `@` (an npm scope), `*` (matches anywhere) or `~`, and is in
 * no folder of the app. It is `weak` when it has no file extension: then it only counts when its first
 * folder is one the project has or one create-agents generates (a bare `auth/` is the app's). A segment
 * with a placeholder (`<name>`, `YYYY-MM-DD`) cuts the path there: the folder before it must exist.
 */
export function pathClaim(span: string): { path: string; weak: boolean } | null {
  if (!/^[A-Za-z0-9._\-/*?<>$]+$/.test(span.replace(/\$\{[^}]*\}/g, '$'))) return null;
  if (/^[/@*~$]/.test(span) || span.includes('://') || span.includes('//')) return null;
  const dotfile = /^\.[A-Za-z0-9_-]+\.[A-Za-z0-9]+$/.test(span);
  // A .env file holds secrets the user writes; it is never generated (`.env.example` is).
  if (/(?:^|\/)\.env(?:\.(?!example$)[A-Za-z0-9_-]+)?$/.test(span)) return null;
  if (!span.includes('/') && !dotfile) return null;
  const segments = span.split('/');
  if (APP_FOLDERS.has(segments[0]!)) return null;
  if (segments[0] === '.' || segments[0] === '..') return null;
  const cut = segments.findIndex((s) => PLACEHOLDER.test(s));
  let path = span;
  if (cut === 0) return null;
  if (cut > 0) path = `${segments.slice(0, cut).join('/')}/`;
  const last = path.split('/').filter(Boolean).at(-1) ?? '';
  const extension = !path.endsWith('/') && /[^.*]\.[A-Za-z][A-Za-z0-9]*$|^\*\.[A-Za-z][A-Za-z0-9]*$/.test(last);
  return { path, weak: !extension && !dotfile };
}

/**
 * The top-level keys of a `{ a, "b": 1, c: {...} }` shape, or null when it is not one: each item must
 * be a key (quoted or not) with or without a value.
 */
export function payloadKeys(span: string): string[] | null {
  const inner = span.slice(1, -1);
  const items: string[] = [];
  let depth = 0;
  let item = '';
  let quote = '';
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('{[('.includes(ch)) depth++;
    else if ('}])'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      items.push(item);
      item = '';
      continue;
    }
    item += ch;
  }
  items.push(item);
  const keys: string[] = [];
  for (const raw of items) {
    const part = raw.trim();
    if (part === '' || part === '...' || part.startsWith('...')) continue;
    const m = /^(?:"([A-Za-z_$][\w$]*)"|'([A-Za-z_$][\w$]*)'|([A-Za-z_$][\w$]*))\s*(?::|$)/.exec(part);
    if (!m) return null;
    keys.push((m[1] ?? m[2] ?? m[3])!);
  }
  return keys.length ? keys : null;
}
