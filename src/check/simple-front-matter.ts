/**
 * A fast reader for the front matter nearly every agent file has: `key: value` lines whose values are
 * plain words, JSON-style double-quoted strings or literal block scalars (`|` / `|-`). It returns null
 * for anything else, and the caller parses that with the full YAML library. For what it accepts it
 * gives exactly what a strict YAML parser gives (test/check.test.ts compares the two on generated
 * input); it exists so that checking a thousand agents does not spend a second in YAML.
 */
export interface SimpleFrontMatter {
  data: Record<string, unknown>;
  /** 1-based line of each key within the YAML text. */
  keyLines: Record<string, number>;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
const RESERVED = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** Plain values made only of characters that mean nothing special to YAML in this position. */
const PLAIN = /^[A-Za-z][A-Za-z0-9 ,._/()+\-'"<>=&;!?@%$^~*]*$/;

export function readSimpleFrontMatter(yaml: string): SimpleFrontMatter | null {
  if (/[\t\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/.test(yaml) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(yaml)) return null;
  const lines = yaml.split('\n');
  const data: Record<string, unknown> = {};
  const keyLines: Record<string, number> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const match = KEY.exec(line);
    if (!match) return null;
    const key = match[1]!;
    const raw = match[2];
    if (RESERVED.test(key) || Object.hasOwn(data, key) || key === '__proto__' || raw === undefined) return null;
    keyLines[key] = i + 1;
    if (raw === '|' || raw === '|-') {
      const block = readLiteral(lines, i + 1, raw === '|-');
      if (!block) return null;
      data[key] = block.value;
      i = block.next - 1;
    } else if (raw.startsWith('"')) {
      if (!raw.endsWith('"') || raw.length < 2) return null;
      try {
        data[key] = JSON.parse(raw) as string;
      } catch {
        return null;
      }
    } else {
      if (!PLAIN.test(raw) || raw.endsWith(' ') || RESERVED.test(raw)) return null;
      data[key] = raw;
    }
  }
  return Object.keys(data).length ? { data, keyLines } : null;
}

/** A literal block scalar starting at `start`: lines indented alike, empty lines allowed inside. */
function readLiteral(lines: string[], start: number, strip: boolean): { value: string; next: number } | null {
  const first = lines[start];
  if (!first) return null;
  const indent = first.length - first.trimStart().length;
  if (indent === 0) return null;
  const pad = ' '.repeat(indent);
  const content: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') content.push('');
    else if (line.startsWith(pad)) {
      if (!line.trim()) return null;
      content.push(line.slice(indent));
    } else if (line.startsWith(' ')) return null;
    else break;
  }
  const text = `${content.join('\n')}\n`;
  return { value: strip ? text.replace(/\n+$/, '') : text.replace(/\n+$/, '\n'), next: i };
}
