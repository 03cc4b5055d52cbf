import { type FrontMatter, FrontMatterError, readFrontMatter } from '../front-matter/read.js';
import { type Finding, lineOf } from './finding.js';

/** Larger than this, an agent's prompt cannot fit a context window (about 250,000 tokens). */
export const MAX_AGENT_BYTES = 1_000_000;

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
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function stemOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
}

/**
 * Reads an agent file's bytes into its parts; never throws: what is wrong becomes a finding. A skill's
 * SKILL.md is read the same way, with `kind` 'skill' (rule ids `skill/...`).
 */
export function parseAgentFile(path: string, bytes: Buffer, kind: 'agent' | 'skill' = 'agent'): AgentFile {
  const file: AgentFile = {
    path,
    stem: stemOf(path),
    size: bytes.length,
    text: '',
    bom: false,
    crlf: false,
    keyLines: {},
    body: '',
    bodyLine: 1,
    findings: [],
  };
  const add = (rule: string, severity: Finding['severity'], message: string, fix: string, line?: number) =>
    file.findings.push({ file: path, ...(line ? { line } : {}), rule: rule.replace(/^agent\//, `${kind}/`), severity, message, fix });

  if (bytes.includes(0)) {
    add(
      'agent/not-text',
      'error',
      `The file holds NUL bytes: it is binary (or UTF-16), not a Markdown ${kind} file.`,
      `Save it as UTF-8 text, or move it out of the ${kind}s folder.`,
    );
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
    add(
      'agent/too-large',
      'error',
      `The file is ${(bytes.length / 1e6).toFixed(1)} MB; a prompt that long does not fit a context window.`,
      `Keep ${kind} files under 1 MB; move reference material into files it reads.`,
    );
  }
  if (text.startsWith('\uFEFF')) {
    file.bom = true;
    text = text.slice(1);
    add(
      'agent/bom',
      'error',
      'The file starts with a byte-order mark, so Claude Code finds no front matter and drops every field.',
      kind === 'agent' ? 'Run create-agents lint --fix, or save the file as UTF-8 without BOM.' : 'Save the file as UTF-8 without BOM.',
      1,
    );
  }
  file.text = text;
  file.crlf = text.includes('\r\n');
  if (file.crlf)
    add(
      'agent/line-endings',
      'info',
      'The file uses CRLF line endings (Claude Code reads them).',
      'Optional: use LF endings (git config core.autocrlf input).',
      1,
    );

  let frontMatter: FrontMatter;
  try {
    frontMatter = readFrontMatter(text);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    readProblem(file, error, add, kind);
    return file;
  }
  file.data = frontMatter.data;
  file.keyLines = frontMatter.keyLines;
  file.body = frontMatter.body;
  file.bodyLine = lineOf(text, frontMatter.bodyOffset);
  for (const warning of frontMatter.warnings)
    add('agent/front-matter-yaml', 'warning', `YAML warning: ${warning.message}`, 'Write plain YAML values.', warning.line);
  return file;
}

/** What a file whose front matter cannot be read gets: a finding that says how to fix it. */
function readProblem(
  file: AgentFile,
  error: FrontMatterError,
  add: (rule: string, severity: Finding['severity'], message: string, fix: string, line?: number) => void,
  kind: 'agent' | 'skill',
): void {
  switch (error.problem) {
    case 'missing':
      add(
        'agent/front-matter-missing',
        'error',
        'No front matter: the file must start with a "---" line, then YAML with name and description, then "---".',
        'Add front matter at the top of the file.',
        1,
      );
      file.body = file.text;
      return;
    case 'unclosed':
      add(
        'agent/front-matter-unclosed',
        'error',
        'The front matter has no closing "---" line, so Claude Code ignores it.',
        'Add a line with "---" after the last front-matter field.',
        1,
      );
      return;
    case 'mapping':
      add('agent/front-matter-mapping', 'error', error.message, 'Write one "key: value" field per line.', error.line);
      break;
    case 'yaml': {
      const lint = kind === 'agent';
      const hint = /mapping|Nested|Implicit/i.test(error.message)
        ? `Quote the value, or write it as a block scalar ("description: |" then indented lines)${lint ? '; create-agents lint --fix does this' : ''}.`
        : `Fix the YAML${lint ? '; create-agents lint --fix repairs values written as invalid plain text' : ''}.`;
      add('agent/front-matter-yaml', 'error', `The front matter is not valid YAML: ${error.message}. Claude Code then drops every field.`, hint, error.line);
    }
  }
  if (error.split) {
    file.body = file.text.slice(error.split.bodyOffset);
    file.bodyLine = lineOf(file.text, error.split.bodyOffset);
  }
}
