import { isDeepStrictEqual } from 'node:util';
import { Document, parse, Scalar, visit } from 'yaml';

/**
 * Plain strings that a YAML 1.1 reader (js-yaml, which gray-matter uses) would read as something
 * else: numbers with `_` or `:`, dates, yes/no/on/off, `=`, `<<`. Those are written quoted.
 */
const YAML11_TYPED = [
  /^[-+]?[0-9][0-9_,:.]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?0[bBoOxX][0-9a-fA-F_]+$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<)$/,
  /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/,
];

function quoteWhereAmbiguous(doc: Document): void {
  visit(doc, {
    Scalar(key, node: Scalar) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const text = node.value;
      // A kept final newline (`|+`) is lost by readers that cut the front matter at the closing `---`.
      if (/\n\n$/.test(text) || (!text.includes('\n') && YAML11_TYPED.some((re) => re.test(text.trim())))) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

/**
 * Writes front matter from data with a YAML library, never by pasting text: whatever a value holds,
 * the result parses back to the same data (checked here). Multi-line strings become literal block scalars.
 */
export function emitFrontMatter(data: Record<string, unknown>): string {
  const doc = new Document(data);
  quoteWhereAmbiguous(doc);
  const yaml = doc.toString({ lineWidth: 0, blockQuote: 'literal' });
  const back = parse(yaml, { strict: true, uniqueKeys: true });
  if (!isDeepStrictEqual(back, JSON.parse(JSON.stringify(data)))) {
    throw new Error(`Front matter does not read back as written: ${JSON.stringify(data).slice(0, 200)}`);
  }
  return `---\n${yaml}---\n`;
}

/** Renders an agent file: front matter then body. */
export function agentFile(data: Record<string, unknown>, body: string): string {
  return emitFrontMatter(data) + body;
}
