import { diff3Merge, diffComm } from 'node-diff3';
import { MARKERS } from './markers.js';

export interface MergeResult {
  content: string;
  /** Overlapping changes written with conflict markers. */
  conflicts: number;
}

/** Lines with their line breaks, so that joining them gives the text back exactly. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function conflictBlock(yours: string[], theirs: string[]): string {
  const side = (part: string[]) => {
    const text = part.join('');
    return text === '' || text.endsWith('\n') ? text : `${text}\n`;
  };
  return `${MARKERS.yours}\n${side(yours)}${MARKERS.split}\n${side(theirs)}${MARKERS.theirs}\n`;
}

/**
 * Three-way merge by line: what you changed since `base` and what the templates changed since `base`
 * both arrive; where both changed the same lines differently, both versions are kept between markers.
 */
export function mergeThree(yours: string, base: string, theirs: string): MergeResult {
  let content = '';
  let conflicts = 0;
  for (const region of diff3Merge(lines(yours), lines(base), lines(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) content += region.ok.join('');
    else if (region.conflict) {
      conflicts++;
      content += conflictBlock(region.conflict.a, region.conflict.b);
    }
  }
  return { content, conflicts };
}

/** Without a base, every difference is a conflict: both versions kept between markers. */
export function mergeTwo(yours: string, theirs: string): MergeResult {
  let content = '';
  let conflicts = 0;
  for (const part of diffComm(lines(yours), lines(theirs))) {
    if ('common' in part) content += (part as unknown as { common: string[] }).common.join('');
    else {
      conflicts++;
      content += conflictBlock(part.buffer1, part.buffer2);
    }
  }
  return { content, conflicts };
}
