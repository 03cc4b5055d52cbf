import { lineOf, type Finding } from './finding.js';
import { readSimpleFrontMatter } from './simple-front-matter.js';

type YamlModule = typeof import('yaml');

/** Larger than this, an agent's prompt cannot fit a context window (about 250,000 tokens). */
export const MAX_AGENT_BYTES = 1_000_000;
/** Front matter longer than this is not parsed (a YAML parser on megabytes is slow and pointless). */
const MAX_FRONT_MATTER = 64 * 1024;

/** An agent file read and split, with what went wrong on the way. */
export interface AgentFile {
  path: string;
  /** File name without folder and `.md`. */
  stem: string;
  size: number;
  /** The text without a byte-order mark; empty when the file is not text. */
  text: string;
  bom: boolean;
  crlf: boolean;
  /** Parsed front matter; absent when missing or broken. */
  data?: Record<string, unknown>;
  /** Line of each front-matter key in the file. */
  keyLines: Record<string, number>;
  body: string;
  /** Line in the file where the body starts. */
  bodyLine: number;
  findings: Finding[];
  /** Front matter the fast reader left for the YAML library (see readYaml). */
  pendingYaml?: FrontMatterSplit;
}

export interface FrontMatterSplit {
  yaml: string;
  /** Line in the text where the YAML starts (1-based). */
  yamlLine: number;
  /** Offset in the text where the body starts. */
  bodyOffset: number;
}

/** Finds `---` front matter at the very start of the text. */
export function splitFrontMatter(text: string): FrontMatterSplit | 'missing' | 'unclosed' {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return 'missing';
  const rest = text.slice(open[0].length);
  const close = /(?:^|\r?\n)---[ \t]*(?:\r?\n|$)/.exec(rest);
  if (!close) return 'unclosed';
  return { yaml: rest.slice(0, close.index), yamlLine: 2, bodyOffset: open[0].length + close.index + close[0].length };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function stemOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
}

/**
 * Reads an agent file's bytes into its parts; never throws. Front matter the fast reader cannot take
 * is left in `pendingYaml` for `readYaml`, so the YAML library loads only when a file needs it.
 */
export function parseAgentFile(path: string, bytes: Buffer): AgentFile {
  const file: AgentFile = { path, stem: stemOf(path), size: bytes.length, text: '', bom: false, crlf: false, keyLines: {}, body: '', bodyLine: 1, findings: [] };
  const add = (rule: string, severity: Finding['severity'], message: string, fix: string, line?: number) =>
    file.findings.push({ file: path, ...(line ? { line } : {}), rule, severity, message, fix });

  if (bytes.includes(0)) {
    add('agent/not-text', 'error', 'The file holds NUL bytes: it is binary (or UTF-16), not a Markdown agent file.', 'Save it as UTF-8 text, or move it out of the agents folder.');
    return file;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    add('agent/not-text', 'error', 'The file is not valid UTF-8 text.', 'Save it as UTF-8.');
    return file;
  }
  if (bytes.length > MAX_AGENT_BYTES) {
    add('agent/too-large', 'error', `The file is ${(bytes.length / 1e6).toFixed(1)} MB; an agent's prompt that long does not fit a context window.`, 'Keep agent files under 1 MB; move reference material into files the agent reads.');
  }
  if (text.startsWith('\uFEFF')) {
    file.bom = true;
    text = text.slice(1);
    add('agent/bom', 'error', 'The file starts with a byte-order mark, so Claude Code finds no front matter and drops every field.', 'Run create-agents lint --fix, or save the file as UTF-8 without BOM.', 1);
  }
  file.text = text;
  file.crlf = text.includes('\r\n');
  if (file.crlf) add('agent/line-endings', 'info', 'The file uses CRLF line endings (Claude Code reads them).', 'Optional: use LF endings (git config core.autocrlf input).', 1);

  const split = splitFrontMatter(text);
  if (split === 'missing') {
    add('agent/front-matter-missing', 'error', 'No front matter: the file must start with a "---" line, then YAML with name and description, then "---".', 'Add front matter at the top of the file.', 1);
    file.body = text;
    return file;
  }
  if (split === 'unclosed') {
    add('agent/front-matter-unclosed', 'error', 'The front matter has no closing "---" line, so Claude Code ignores it.', 'Add a line with "---" after the last front-matter field.', 1);
    return file;
  }
  file.body = text.slice(split.bodyOffset);
  file.bodyLine = lineOf(text, split.bodyOffset);
  if (split.yaml.length > MAX_FRONT_MATTER) {
    add('agent/front-matter-yaml', 'error', `The front matter is ${Math.round(split.yaml.length / 1024)} KB long; it was not parsed.`, 'Keep front matter to a few fields; the prompt goes in the body.', split.yamlLine);
    return file;
  }
  const simple = readSimpleFrontMatter(split.yaml);
  if (simple) {
    file.data = simple.data;
    for (const [key, line] of Object.entries(simple.keyLines)) file.keyLines[key] = split.yamlLine + line - 1;
  } else file.pendingYaml = split;
  return file;
}

/** Parses front matter left pending with the YAML library: strict, keys unique. */
export function readYaml(file: AgentFile, yaml: YamlModule): void {
  const split = file.pendingYaml;
  if (!split) return;
  delete file.pendingYaml;
  const add = (rule: string, severity: Finding['severity'], message: string, fix: string, line?: number) =>
    file.findings.push({ file: file.path, ...(line ? { line } : {}), rule, severity, message, fix });
  const doc = yaml.parseDocument(split.yaml, { strict: true, uniqueKeys: true, prettyErrors: true });
  const lineIn = (offset: number) => split.yamlLine + lineOf(split.yaml, offset) - 1;
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const hint = /mapping|Nested|Implicit/i.test(message)
      ? 'Quote the value, or write it as a block scalar ("description: |" then indented lines); create-agents lint --fix does this.'
      : 'Fix the YAML; create-agents lint --fix repairs values written as invalid plain text.';
    add('agent/front-matter-yaml', 'error', `The front matter is not valid YAML: ${message}. Claude Code then drops every field.`, hint, line ? split.yamlLine + line - 1 : split.yamlLine);
    return;
  }
  for (const warning of doc.warnings) {
    add('agent/front-matter-yaml', 'warning', `YAML warning: ${warning.message.split('\n')[0]}`, 'Write plain YAML values.', lineIn(warning.pos[0]));
  }
  if (!yaml.isMap(doc.contents)) {
    add('agent/front-matter-mapping', 'error', 'The front matter must be a mapping of fields (name: ..., description: ...).', 'Write one "key: value" field per line.', split.yamlLine);
    return;
  }
  for (const pair of doc.contents.items) {
    if (yaml.isScalar(pair.key) && pair.key.range) file.keyLines[String(pair.key.value)] = lineIn(pair.key.range[0]);
  }
  try {
    file.data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    add('agent/front-matter-yaml', 'error', `The front matter cannot be read: ${(e as Error).message}`, 'Remove YAML aliases and anchors.', split.yamlLine);
  }
}
