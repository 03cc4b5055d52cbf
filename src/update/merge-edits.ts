import type { EditedRule } from '../reconcile/index.js';
import { mergeThree, mergeTwo } from './merge.js';

/**
 * How update reconciles a file you edited: the new render is merged into it, three ways when the base
 * (what was generated then) is known, else two ways, every difference marked.
 */
export function mergeEdits(bases: ReadonlyMap<string, string>): EditedRule {
  return ({ path, rendered: theirs, current }) => {
    // A checkout that turned LF into CRLF (git on Windows) is merged as LF and written back as CRLF.
    const raw = current.toString('utf8');
    const crlf = raw.includes('\r\n') && !theirs.includes('\r\n');
    const ours = crlf ? raw.replaceAll('\r\n', '\n') : raw;
    const back = (text: string) => (crlf ? text.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n') : text);
    if (ours === theirs) return { status: 'unchanged' };
    if (current.includes(0)) return { status: 'blocked', reason: 'binary content where the templates have text; replace or delete it yourself' };
    const base = bases.get(path);
    if (base === theirs) return { status: 'kept', reason: 'your edits; the templates did not change it' };
    const merge = base === undefined ? mergeTwo(ours, theirs) : mergeThree(ours, base, theirs);
    const twoWay = base === undefined ? { twoWay: true } : {};
    if (merge.conflicts) return { status: 'conflict', ...twoWay, content: back(merge.content), conflicts: merge.conflicts };
    if (merge.content === ours) return { status: 'kept', ...twoWay, reason: 'your edits already hold the template changes' };
    return { status: 'merged', content: back(merge.content) };
  };
}
