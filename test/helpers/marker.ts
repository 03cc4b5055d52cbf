/** A display name that appears nowhere else, rendered first so that the hostile name can be swapped in. */
export const MARKER = 'Qzx Marker Qzx';

/** The marker replaced by `name` in text. */
export const swap = (text: string, name: string) => text.split(MARKER).join(name);

/** The marker replaced by `name` in every string of parsed data. */
export function swapDeep(value: unknown, name: string): unknown {
  if (typeof value === 'string') return swap(value, name);
  if (Array.isArray(value)) return value.map((v) => swapDeep(v, name));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapDeep(v, name)]));
  return value;
}
