/**
 * The one reader of front matter (agents, skills, templates): gray-matter finds the block between the
 * `---` lines, and the `yaml` package parses it strictly (unique keys, no YAML 1.1 guesses), so every
 * reader in the project agrees with what a strict parser, and Claude Code, accepts.
 */
import matter from 'gray-matter';
import { type Document, isDocument, isMap, isScalar, parseDocument } from 'yaml';

export interface FrontMatter {
  data: Record<string, unknown>;
  /** Everything after the closing `---` line. */
  body: string;
  /** Offset in the text where the body starts. */
  bodyOffset: number;
  /** The YAML between the lines, and the line of the text it starts on (1-based). */
  yaml: string;
  yamlLine: number;
  /** Line in the text of each top-level key. */
  keyLines: Record<string, number>;
  /** What the YAML parser warned about, with the line in the text. */
  warnings: Array<{ message: string; line: number }>;
}

export type FrontMatterProblem = 'missing' | 'unclosed' | 'yaml' | 'mapping';

/** Front matter that cannot be read; for `yaml` and `mapping`, where the block and the body are. */
export class FrontMatterError extends Error {
  constructor(
    readonly problem: FrontMatterProblem,
    message: string,
    readonly line?: number,
    readonly split?: { yaml: string; bodyOffset: number },
  ) {
    super(message);
  }
}

const OPENING = /^---[ \t]*\r?\n/;
/** Claude Code also takes a longer line of dashes as the end of the front matter. */
const CLOSING = /\r?\n-{3,}[ \t]*(?:\r?\n|$)/;

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** The YAML between the lines, as gray-matter hands it over: without the opening line's end and a final `\r`. */
const blockOf = (matterText: string) => matterText.replace(/^[ \t]*\r?\n/, '').replace(/\r$/, '');

/** The YAML engine gray-matter calls: it keeps the parsed document, errors and all, for the caller. */
const keepDocument = { parse: (text: string) => parseDocument(blockOf(text), { strict: true, uniqueKeys: true, prettyErrors: true }) as unknown as object };

/**
 * Reads the front matter at the very start of `text`. Throws FrontMatterError when there is none, when
 * it is not closed by a `---` line, or when it is not a valid YAML mapping.
 */
export function readFrontMatter(text: string): FrontMatter {
  const open = OPENING.exec(text);
  if (!open) throw new FrontMatterError('missing', 'No front matter: the file must start with a "---" line.', 1);
  const close = CLOSING.exec(text.slice(open[0].length - 1));
  if (!close) throw new FrontMatterError('unclosed', 'The front matter has no closing "---" line.', 1);
  const parsed = matter(text, { language: 'yaml', engines: { yaml: keepDocument } });
  // The body starts after the whole closing line (gray-matter would leave the dashes of a longer one).
  const bodyOffset = open[0].length - 1 + close.index + close[0].length;
  const body = text.slice(bodyOffset);
  const yaml = blockOf(parsed.matter);
  const yamlLine = lineOf(text, open[0].length);
  const split = { yaml, bodyOffset };
  const doc = isDocument(parsed.data) ? (parsed.data as Document) : null;
  const error = doc?.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new FrontMatterError('yaml', message, line ? yamlLine + line - 1 : yamlLine, split);
  }
  // An empty block (gray-matter then calls no engine) is no mapping either.
  if (!doc || !isMap(doc.contents)) {
    throw new FrontMatterError('mapping', 'The front matter must be a mapping of fields (name: ..., description: ...).', yamlLine, split);
  }
  const keyLines: Record<string, number> = {};
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && pair.key.range) keyLines[String(pair.key.value)] = yamlLine + lineOf(yaml, pair.key.range[0]) - 1;
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    throw new FrontMatterError('yaml', `it cannot be read: ${(e as Error).message}`, yamlLine, split);
  }
  const warnings = doc.warnings.map((w) => ({ message: w.message.split('\n')[0]!, line: yamlLine + lineOf(yaml, w.pos[0]) - 1 }));
  return { data, body, bodyOffset, yaml, yamlLine, keyLines, warnings };
}
