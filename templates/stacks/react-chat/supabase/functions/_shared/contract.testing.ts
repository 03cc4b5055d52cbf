// Proves that the payload fields contract.ts lists are the ones the handlers read: changing any one
// of them in a fixture must change what the handler does.
import { assert, assertEquals } from "./assert.ts";
import { isRecord } from "./http.ts";

/**
 * A copy of `value` with the field at `path` changed in every place it occurs. A path is keys joined
 * by dots, `[]` after a key meaning every element of that list: `entry[].changes[].value.messages[].id`.
 * Strings get a suffix, numbers grow, booleans flip, and a field the fixture lacks is set to true.
 * Returns the copy and how many fields were changed.
 */
export function changedAt(
  value: unknown,
  path: string,
): { copy: unknown; changed: number } {
  const copy = structuredClone(value);
  let changed = 0;
  const visit = (node: unknown, keys: string[]): void => {
    const [head, ...rest] = keys;
    const each = head.endsWith("[]");
    const key = each ? head.slice(0, -2) : head;
    if (!isRecord(node)) return;
    if (each) {
      const list = node[key];
      if (Array.isArray(list)) { for (const item of list) visit(item, rest); }
      return;
    }
    if (rest.length > 0) return visit(node[key], rest);
    const old = node[key];
    node[key] = typeof old === "string"
      ? `${old}-changed`
      : typeof old === "number"
      ? old + 1000
      : typeof old === "boolean"
      ? !old
      : true;
    changed++;
  };
  visit(copy, path.split("."));
  return { copy, changed };
}

/** For each path: the handler's outcome on the changed payload differs from the one on the fixture. */
export async function assertEveryFieldRead(
  paths: readonly string[],
  payload: unknown,
  outcome: (payload: unknown) => Promise<unknown>,
): Promise<void> {
  const original = JSON.stringify(await outcome(payload));
  for (const path of paths) {
    const { copy, changed } = changedAt(payload, path);
    assert(changed > 0, `${path} is not in the fixture`);
    const after = JSON.stringify(await outcome(copy));
    assert(
      after !== original,
      `changing ${path} changed nothing: the handler does not read it`,
    );
  }
}

Deno.test("changedAt changes a field in every element of a list, and sets a missing one", () => {
  const payload = { entry: [{ messages: [{ id: "a" }, { id: "b", n: 1 }] }] };
  assertEquals(changedAt(payload, "entry[].messages[].id"), {
    copy: {
      entry: [{ messages: [{ id: "a-changed" }, { id: "b-changed", n: 1 }] }],
    },
    changed: 2,
  });
  assertEquals(changedAt(payload, "entry[].messages[].n").copy, {
    entry: [{ messages: [{ id: "a", n: true }, { id: "b", n: 1001 }] }],
  });
  assertEquals(changedAt(payload, "entry[].other[].id").changed, 0);
});
