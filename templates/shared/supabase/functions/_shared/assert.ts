// Small assertions for the Deno tests next to each function (no test library to download).

export function assert(condition: unknown, message = "assertion failed"): asserts condition {
  if (!condition) throw new Error(message);
}

export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  const a = stableJson(actual);
  const e = stableJson(expected);
  if (a !== e) throw new Error(`${message ?? "values differ"}\n  actual:   ${a}\n  expected: ${e}`);
}

function stableJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : v,
  ) ?? "undefined";
}

/** A fake dependency that records its calls. */
export function spy<A extends unknown[], R>(impl: (...args: A) => R): ((...args: A) => R) & { calls: A[] } {
  const calls: A[] = [];
  const fn = (...args: A): R => {
    calls.push(args);
    return impl(...args);
  };
  return Object.assign(fn, { calls });
}
