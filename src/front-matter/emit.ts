import { isDeepStrictEqual } from 'node:util';
import { Document, parse, Scalar, visit } from 'yaml';

/**
 * Plain strings that a YAML 1.1 reader (js-yaml, which gray-matter uses) would read as something else:
 * anything like a number (`1_000`, `.5`, `1:20`, `0x1F`), dates, yes/no/on/off, `=`, `<<`. Written quoted.
 */
const YAML11_TYPED = [
  /^[-+]?\.?[0-9_][0-9A-Za-z_.,:+-]*$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<)$/,
  /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/,
];

function quoteWhereAmbiguous(doc: Document, everywhere: boolean): void {
  visit(doc, {
    Scalar(key, node: Scalar) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const text = node.value;
      if (
        everywhere ||
        // A kept final newline (`|+`) is lost by readers that cut the front matter at the closing `---`.
        /\n\n$/.test(text) ||
        // Lines of only blanks in a block scalar are read back as empty lines.
        (text.includes('\n') && /^[ \t]+$/m.test(text)) ||
        (!text.includes('\n') && YAML11_TYPED.some((re) => re.test(text.trim())))
      ) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

function emit(data: Record<string, unknown>, everywhere: boolean): string {
  const doc = new Document(data);
  quoteWhereAmbiguous(doc, everywhere);
  return doc.toString({ lineWidth: 0, blockQuote: 'literal', doubleQuotedAsJSON: true });
}

/**
 * Writes front matter from data with a YAML library, never by pasting text: whatever a value holds,
 * the result parses back to the same data (checked here). Multi-line strings become literal block
 * scalars; should one not read back exactly, every string is written double-quoted instead.
 */
export function emitFrontMatter(data: Record<string, unknown>): string {
  let yaml = emit(data, false);
  // Printable ASCII, tabs and newlines are covered by the rules above (and by the property tests);
  // anything else is parsed back here before it is written.
  if (Object.values(data).every((v) => typeof v !== 'string' || /^[\t\n\x20-\x7e]*$/.test(v))) return `---\n${yaml}---\n`;
  const wanted = JSON.parse(JSON.stringify(data)) as unknown;
  const readsBack = (yaml: string) => isDeepStrictEqual(parse(yaml, { strict: true, uniqueKeys: true }), wanted);
  if (!readsBack(yaml)) yaml = emit(data, true);
  if (!readsBack(yaml)) throw new Error(`Front matter does not read back as written: ${JSON.stringify(data).slice(0, 200)}`);
  return `---\n${yaml}---\n`;
}
