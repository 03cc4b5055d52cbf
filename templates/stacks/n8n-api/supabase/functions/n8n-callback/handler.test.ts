import { assertEquals, spy } from "../_shared/assert.ts";
import contract from "../_shared/contract.json" with { type: "json" };
import { envFrom } from "../_shared/env.ts";
import { hmacSha256Hex } from "../_shared/signature.ts";
import { type Callback, createHandler } from "./handler.ts";

const { headers, signature } = contract.callback;

const SECRET = "test-callback-secret";
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const url = "http://localhost/functions/v1/n8n-callback";
const RUN_ID = "f0000000-0000-4000-8000-000000000001";
const body = JSON.stringify({ runId: RUN_ID, status: "succeeded", output: { rows: 3 }, error: null });

/** A fake store that remembers delivery ids, like the unique key on webhook_events. */
function setup(env: Record<string, string> = { N8N_CALLBACK_SECRET: SECRET }) {
  const seen = new Set<string>();
  const saveCallback = spy((callback: Callback) => {
    if (callback.runId !== RUN_ID) return Promise.resolve(null);
    const duplicate = seen.has(callback.deliveryId);
    seen.add(callback.deliveryId);
    return Promise.resolve({ duplicate });
  });
  return { handler: createHandler({ env: envFrom(env), now: () => NOW, saveCallback }), saveCallback };
}

/** A delivery as n8n sends it: `<timestamp>.<delivery id>.<raw body>` signed, the headers of the contract. */
async function delivery(options: { secret?: string; timestamp?: number; key?: string; raw?: string } = {}) {
  const timestamp = String(options.timestamp ?? NOW / 1000);
  const raw = options.raw ?? body;
  const key = options.key ?? "delivery-0001";
  const mac = await hmacSha256Hex(options.secret ?? SECRET, `${timestamp}.${key}.${raw}`);
  return new Request(url, {
    method: "POST",
    body: raw,
    headers: {
      [headers.timestamp]: timestamp,
      [headers.signature]: `${signature.prefix}${mac}`,
      [headers.deliveryId]: key,
    },
  });
}

Deno.test("the contract is the one this test speaks: its headers, scheme and body keys", () => {
  assertEquals(headers, { timestamp: "X-N8N-Timestamp", signature: "X-N8N-Signature", deliveryId: "Idempotency-Key" });
  assertEquals([signature.algorithm, signature.encoding, signature.prefix], ["HMAC-SHA256", "hex", "sha256="]);
  assertEquals(signature.signs.join(signature.separator), "timestamp.deliveryId.body");
  assertEquals(contract.callback.body.map((field) => field.key), Object.keys(JSON.parse(body)));
});

Deno.test("a correctly signed, fresh delivery is stored", async () => {
  const { handler, saveCallback } = setup();
  const res = await handler(await delivery());
  assertEquals(res.status, 200);
  assertEquals(await res.json(), { ok: true, duplicate: false });
  assertEquals(saveCallback.calls, [[{
    deliveryId: "delivery-0001",
    runId: RUN_ID,
    status: "succeeded",
    output: { rows: 3 },
    error: null,
  }]]);
});

Deno.test("a second delivery with the same idempotency key is ignored with duplicate: true", async () => {
  const { handler } = setup();
  await handler(await delivery());
  const again = await handler(await delivery());
  assertEquals(again.status, 200);
  assertEquals(await again.json(), { ok: true, duplicate: true });
  const other = await handler(await delivery({ key: "delivery-0002" }));
  assertEquals(await other.json(), { ok: true, duplicate: false });
});

Deno.test("a timestamp older than five minutes is rejected as a replay", async () => {
  const { handler, saveCallback } = setup();
  const stale = await handler(await delivery({ timestamp: NOW / 1000 - 301 }));
  assertEquals(stale.status, 401);
  assertEquals((await stale.json()).error, "stale timestamp");
  const future = await handler(await delivery({ timestamp: NOW / 1000 + 301 }));
  assertEquals(future.status, 401);
  const edge = await handler(await delivery({ timestamp: NOW / 1000 - 299 }));
  assertEquals(edge.status, 200);
  assertEquals(saveCallback.calls.length, 1);
});

Deno.test("a wrong or missing signature is 401 and nothing is stored", async () => {
  const { handler, saveCallback } = setup();
  assertEquals((await handler(await delivery({ secret: "wrong-secret" }))).status, 401);
  const unsigned = await delivery();
  unsigned.headers.delete("X-N8N-Signature");
  assertEquals((await handler(unsigned)).status, 401);
  // The timestamp is part of what is signed: changing it breaks the signature.
  const moved = await delivery();
  moved.headers.set("X-N8N-Timestamp", String(NOW / 1000 - 10));
  assertEquals((await handler(moved)).status, 401);
  // So is the delivery id: a captured delivery replayed under a new key is refused.
  const rekeyed = await delivery();
  rekeyed.headers.set("Idempotency-Key", "delivery-9999");
  assertEquals((await handler(rekeyed)).status, 401);
  const noTime = await delivery();
  noTime.headers.delete("X-N8N-Timestamp");
  assertEquals((await handler(noTime)).status, 401);
  assertEquals(saveCallback.calls.length, 0);
});

Deno.test("signed but malformed deliveries are 400", async () => {
  const { handler, saveCallback } = setup();
  assertEquals((await handler(await delivery({ key: "x" }))).status, 400);
  assertEquals((await handler(await delivery({ raw: "not json" }))).status, 400);
  assertEquals((await handler(await delivery({ raw: `{"runId":"${RUN_ID}","status":"done"}` }))).status, 400);
  assertEquals((await handler(await delivery({ raw: '{"runId":"42","status":"failed"}' }))).status, 400);
  assertEquals(saveCallback.calls.length, 0);
});

Deno.test("a delivery for an unknown run is a 404", async () => {
  const { handler } = setup();
  const raw = JSON.stringify({ runId: "f0000000-0000-4000-8000-0000000000ff", status: "failed" });
  assertEquals((await handler(await delivery({ raw }))).status, 404);
});

Deno.test("without a configured secret every delivery is refused", async () => {
  const { handler, saveCallback } = setup({});
  assertEquals((await handler(await delivery())).status, 500);
  assertEquals(saveCallback.calls.length, 0);
});
