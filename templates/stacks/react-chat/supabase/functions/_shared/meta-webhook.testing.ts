// The checks every Meta webhook receiver must pass, shared by their handler.test.ts files.
import { assert, assertEquals, spy } from "./assert.ts";
import { assertEveryFieldRead } from "./contract.testing.ts";
import { envFrom } from "./env.ts";
import type { Handler } from "./http.ts";
import type { InboundMessage, MetaWebhookDeps, StatusUpdate } from "./meta-webhook.ts";
import { hmacSha256Hex } from "./signature.ts";

export const APP_SECRET = "test-app-secret";
export const VERIFY_TOKEN = "test-verify-token";
const URL_BASE = "http://localhost/functions/v1/webhook";

export interface Fixture {
  createHandler: (deps: MetaWebhookDeps) => Handler;
  verifyTokenVar: string;
  /** The payload fields the receiver reads (CHANNELS.<channel>.reads in contract.ts). */
  reads: readonly string[];
  /** A payload with exactly one inbound message, and the message it must become. */
  payload: unknown;
  expected: InboundMessage;
}

export function setup(fixture: Fixture, env: Record<string, string> = {}) {
  const store = spy((_messages: InboundMessage[]) => Promise.resolve());
  const storeStatuses = spy((_updates: StatusUpdate[]) => Promise.resolve());
  const handler = fixture.createHandler({
    env: envFrom({ META_APP_SECRET: APP_SECRET, [fixture.verifyTokenVar]: VERIFY_TOKEN, ...env }),
    store,
    storeStatuses,
    log: () => {},
  });
  return { handler, store, storeStatuses };
}

/**
 * assertEveryFieldRead through a receiver: changing any of `paths` in `payload` must change what the
 * receiver hands to `into`, its store of messages or of delivery statuses.
 */
export function assertReceiverReads(
  fixture: Fixture,
  paths: readonly string[],
  payload: unknown,
  into: "store" | "storeStatuses",
): Promise<void> {
  return assertEveryFieldRead(paths, payload, async (changed) => {
    const receiver = setup(fixture);
    const res = await receiver.handler(await signedPost(JSON.stringify(changed)));
    return { status: res.status, stored: receiver[into].calls };
  });
}

export async function signedPost(body: string, secret = APP_SECRET): Promise<Request> {
  const signature = `sha256=${await hmacSha256Hex(secret, body)}`;
  return new Request(URL_BASE, { method: "POST", body, headers: { "X-Hub-Signature-256": signature } });
}

function challengeRequest(params: Record<string, string>): Request {
  return new Request(`${URL_BASE}?${new URLSearchParams(params)}`);
}

export function registerMetaWebhookTests(name: string, fixture: Fixture): void {
  const subscribe = { "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444" };

  Deno.test(`${name}: GET with the right verify token echoes hub.challenge`, async () => {
    const res = await setup(fixture).handler(challengeRequest(subscribe));
    assertEquals(res.status, 200);
    assertEquals(await res.text(), "1158201444");
  });

  Deno.test(`${name}: GET with a wrong or missing token or mode is 403 and echoes nothing`, async () => {
    const { handler } = setup(fixture);
    const cases = [
      { ...subscribe, "hub.verify_token": "wrong-token" },
      { ...subscribe, "hub.verify_token": "" },
      { ...subscribe, "hub.mode": "unsubscribe" },
      { "hub.mode": "subscribe", "hub.challenge": "1158201444" },
    ];
    for (const params of cases) {
      const res = await handler(challengeRequest(params));
      assertEquals(res.status, 403, JSON.stringify(params));
      assert(!(await res.text()).includes("1158201444"));
    }
  });

  Deno.test(`${name}: GET is refused when no verify token is configured`, async () => {
    const { handler } = setup(fixture, { [fixture.verifyTokenVar]: "" });
    const res = await handler(challengeRequest({ ...subscribe, "hub.verify_token": "" }));
    assertEquals(res.status, 500);
  });

  Deno.test(`${name}: a correctly signed POST is parsed and stored`, async () => {
    const { handler, store } = setup(fixture);
    const res = await handler(await signedPost(JSON.stringify(fixture.payload)));
    assertEquals(res.status, 200);
    assertEquals(await res.json(), { received: 1 });
    assertEquals(store.calls, [[[fixture.expected]]]);
  });

  Deno.test(`${name}: a wrong, missing or malformed signature is 401 and nothing is stored`, async () => {
    const { handler, store } = setup(fixture);
    const body = JSON.stringify(fixture.payload);
    const good = (await signedPost(body)).headers.get("X-Hub-Signature-256")!;
    const requests = [
      await signedPost(body, "another-secret"),
      new Request(URL_BASE, { method: "POST", body }),
      new Request(URL_BASE, { method: "POST", body, headers: { "X-Hub-Signature-256": good.slice(7) } }),
      new Request(URL_BASE, { method: "POST", body, headers: { "X-Hub-Signature-256": "sha256=" } }),
      // Signed, then tampered with: the signature covers the raw body.
      new Request(URL_BASE, {
        method: "POST",
        body: body.replace("}", " }"),
        headers: { "X-Hub-Signature-256": good },
      }),
    ];
    for (const req of requests) assertEquals((await handler(req)).status, 401);
    assertEquals(store.calls.length, 0);
  });

  Deno.test(`${name}: POST is refused with 500 when the app secret is not configured`, async () => {
    const { handler, store } = setup(fixture, { META_APP_SECRET: "" });
    const res = await handler(await signedPost(JSON.stringify(fixture.payload)));
    assertEquals(res.status, 500);
    assertEquals(store.calls.length, 0);
  });

  Deno.test(`${name}: signed but not JSON is 400; another product's payload is ignored`, async () => {
    const { handler, store } = setup(fixture);
    assertEquals((await handler(await signedPost("not json"))).status, 400);
    const other = await handler(await signedPost(JSON.stringify({ object: "user", entry: [] })));
    assertEquals(other.status, 200);
    assertEquals(await other.json(), { received: 0 });
    assertEquals(store.calls.length, 0);
  });

  Deno.test(`${name}: a failing store answers 500 so that Meta delivers again`, async () => {
    const handler = fixture.createHandler({
      env: envFrom({ META_APP_SECRET: APP_SECRET, [fixture.verifyTokenVar]: VERIFY_TOKEN }),
      store: () => Promise.reject(new Error("database down")),
      storeStatuses: () => Promise.reject(new Error("database down")),
      log: () => {},
    });
    const res = await handler(await signedPost(JSON.stringify(fixture.payload)));
    assertEquals(res.status, 500);
  });

  Deno.test(`${name}: reads every payload field contract.ts lists for it`, async () => {
    await assertReceiverReads(fixture, fixture.reads, fixture.payload, "store");
  });

  Deno.test(`${name}: other methods are 405`, async () => {
    const { handler } = setup(fixture);
    assertEquals((await handler(new Request(URL_BASE, { method: "PUT", body: "{}" }))).status, 405);
  });
}
