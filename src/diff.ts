/** A unified-style line diff (no context trimming beyond 3 lines), for showing a conflict. */
export function lineDiff(before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: Array<[' ' | '-' | '+', string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push([' ', a[i++]!]);
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) lines.push(['+', b[j++]!]);
    else lines.push(['-', a[i++]!]);
  }
  const keep = lines.map((_, k) => lines.slice(Math.max(0, k - context), k + context + 1).some(([t]) => t !== ' '));
  const out: string[] = [];
  lines.forEach(([tag, text], k) => {
    if (keep[k]) out.push(`${tag}${text}`);
    else if (keep[k - 1]) out.push('...');
  });
  return out.join('\n');
}
