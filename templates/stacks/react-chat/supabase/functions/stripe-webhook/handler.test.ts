// Pinned here rather than in deno.json: only this function uses it.
// deno-lint-ignore no-import-prefix
import Stripe from "npm:stripe@23";
import { assert, assertEquals, spy } from "../_shared/assert.ts";
import { STRIPE } from "../_shared/contract.ts";
import { assertEveryFieldRead } from "../_shared/contract.testing.ts";
import { envFrom } from "../_shared/env.ts";
import { type ApplyOutcome, createHandler, type SubscriptionEvent } from "./handler.ts";

const SECRET = "whsec_test_secret";
const URL_BASE = "http://localhost/functions/v1/stripe-webhook";
const CLIENT = "0a000000-0000-4000-8000-000000000001";
const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** A customer.subscription.updated event as Stripe sends it (trimmed to what matters). */
const event = {
  id: "evt_test_0001",
  object: "event",
  type: "customer.subscription.updated",
  created: 1764000000,
  livemode: false,
  data: {
    object: {
      id: "sub_test_0001",
      object: "subscription",
      customer: "cus_test_0001",
      status: "active",
      cancel_at_period_end: false,
      metadata: { platform_client_id: CLIENT },
      items: {
        object: "list",
        data: [{
          id: "si_test",
          price: { id: "price_test_pro" },
          current_period_end: 1766592000,
        }],
      },
    },
  },
};

const expected: SubscriptionEvent = {
  eventId: "evt_test_0001",
  eventType: "customer.subscription.updated",
  eventCreated: "2025-11-24T16:00:00.000Z",
  platformClientId: CLIENT,
  stripeCustomerId: "cus_test_0001",
  stripeSubscriptionId: "sub_test_0001",
  status: "active",
  priceId: "price_test_pro",
  currentPeriodEnd: "2025-12-24T16:00:00.000Z",
  cancelAtPeriodEnd: false,
};

function setup(
  outcome: ApplyOutcome = "applied",
  env: Record<string, string> = { STRIPE_WEBHOOK_SECRET: SECRET },
) {
  const apply = spy((_event: SubscriptionEvent) => Promise.resolve(outcome));
  const handler = createHandler({ env: envFrom(env), apply, log: () => {} });
  return { handler, apply };
}

/** A POST signed the way Stripe signs it, with the `stripe` package's own test helper. */
async function signedPost(payload: string, secret = SECRET): Promise<Request> {
  const header = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    cryptoProvider,
  });
  return new Request(URL_BASE, {
    method: "POST",
    body: payload,
    headers: { "Stripe-Signature": header },
  });
}

Deno.test("stripe-webhook: a signed subscription event is applied", async () => {
  const { handler, apply } = setup();
  const res = await handler(await signedPost(JSON.stringify(event)));
  assertEquals(res.status, 200);
  assertEquals(await res.json(), {
    received: true,
    handled: true,
    outcome: "applied",
  });
  assertEquals(apply.calls, [[expected]]);
});

Deno.test("stripe-webhook: a wrong, missing or stale signature is 400 and nothing is applied", async () => {
  const { handler, apply } = setup();
  const body = JSON.stringify(event);
  const good = (await signedPost(body)).headers.get("Stripe-Signature")!;
  const old = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload: body,
    secret: SECRET,
    timestamp: Math.floor(Date.now() / 1000) - 3600,
    cryptoProvider,
  });
  const requests = [
    await signedPost(body, "whsec_another_secret"),
    new Request(URL_BASE, { method: "POST", body }),
    new Request(URL_BASE, {
      method: "POST",
      body,
      headers: { "Stripe-Signature": "t=1,v1=00" },
    }),
    // Signed, then tampered with: the signature covers the raw body.
    new Request(URL_BASE, {
      method: "POST",
      body: body.replace("active", "unpaid"),
      headers: { "Stripe-Signature": good },
    }),
    // Older than Stripe's five-minute tolerance: a replay.
    new Request(URL_BASE, {
      method: "POST",
      body,
      headers: { "Stripe-Signature": old },
    }),
  ];
  for (const req of requests) assertEquals((await handler(req)).status, 400);
  assertEquals(apply.calls.length, 0);
});

Deno.test("stripe-webhook: the same event delivered twice is applied once by the database", async () => {
  const { handler, apply } = setup("duplicate");
  const res = await handler(await signedPost(JSON.stringify(event)));
  assertEquals(res.status, 200);
  assertEquals((await res.json()).outcome, "duplicate");
  assertEquals(apply.calls.length, 1);
});

Deno.test("stripe-webhook: every subscription event type in contract.ts is applied; others are acknowledged", async () => {
  for (const type of STRIPE.events) {
    const { handler, apply } = setup();
    await handler(await signedPost(JSON.stringify({ ...event, type })));
    assertEquals(apply.calls.map(([e]) => e.eventType), [type]);
  }
  const { handler, apply } = setup();
  const res = await handler(
    await signedPost(JSON.stringify({ ...event, type: "invoice.paid" })),
  );
  assertEquals(await res.json(), { received: true, handled: false });
  assertEquals(apply.calls.length, 0);
});

Deno.test("stripe-webhook: a subscription without a platform client in its metadata is acknowledged, not applied", async () => {
  const { handler, apply } = setup();
  const orphan = structuredClone(event);
  orphan.data.object.metadata = {} as typeof orphan.data.object.metadata;
  const res = await handler(await signedPost(JSON.stringify(orphan)));
  assertEquals(await res.json(), { received: true, handled: false });
  assertEquals(apply.calls.length, 0);
});

Deno.test("stripe-webhook: reads every event field contract.ts lists", async () => {
  await assertEveryFieldRead(STRIPE.reads, event, async (payload) => {
    const { handler, apply } = setup();
    const res = await handler(await signedPost(JSON.stringify(payload)));
    return { status: res.status, applied: apply.calls };
  });
});

Deno.test("stripe-webhook: a failing database answers 500 so that Stripe retries", async () => {
  const handler = createHandler({
    env: envFrom({ STRIPE_WEBHOOK_SECRET: SECRET }),
    apply: () => Promise.reject(new Error("database down")),
    log: () => {},
  });
  assertEquals(
    (await handler(await signedPost(JSON.stringify(event)))).status,
    500,
  );
});

Deno.test("stripe-webhook: refused with 500 when STRIPE_WEBHOOK_SECRET is not set; other methods are 405", async () => {
  const { handler, apply } = setup("applied", {});
  assertEquals(
    (await handler(await signedPost(JSON.stringify(event)))).status,
    500,
  );
  assertEquals(apply.calls.length, 0);
  const res = await setup().handler(new Request(URL_BASE));
  assertEquals(res.status, 405);
  assert(res.headers.get("Allow") === "POST");
});
