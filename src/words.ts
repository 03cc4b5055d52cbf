/** A count with its noun: "1 migration", "2 migrations". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The columns a line takes on screen: colour codes take none. */
const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

/**
 * Breaks `text` at spaces into lines of at most `width` columns; the lines after the first start with
 * `indent` spaces. A word longer than a line is never cut: it gets a line of its own.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  const lines: string[] = [];
  const [first = '', ...rest] = text.split(' ');
  let line = first;
  // Split at single spaces, so that runs of spaces that align columns stay as they are.
  for (const word of rest) {
    if (word && line.trim() && visible(line) + 1 + visible(word) > width) {
      lines.push(line.trimEnd());
      line = ' '.repeat(indent) + word;
    } else line = `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

const BULLET = /^(\s*- )/;
/** An indented line of two columns (`  vue-crm     Vue 3 ...`): its continuation goes under the second. */
const COLUMNS = /^(\s+\S+(?: \S+)*\s{2,})\S/;

/**
 * One line wrapped to `width`, its continuation under the text of a bullet, under the second column of
 * a two-column line, or at the line's own indentation.
 */
export function wrapLine(line: string, width: number): string[] {
  if (visible(line) <= width) return [line];
  const hang = (BULLET.exec(line) ?? COLUMNS.exec(line))?.[1] ?? /^\s*/.exec(line)![0];
  return wrap(line, width, visible(hang));
}

/** The width to wrap at: the terminal's, or 80 when output goes elsewhere. */
export function outputWidth(isTerminal: boolean): number {
  return (isTerminal && process.stdout.columns) || 80;
}
