import { assert, assertEquals, spy } from "../_shared/assert.ts";
import contract from "../_shared/contract.json" with { type: "json" };
import { envFrom } from "../_shared/env.ts";
import { createHandler, type Run, SECRET_HEADER, type TriggerDeps } from "./handler.ts";

const BASE_URL = "https://n8n.example.com/webhook/";
const user = { id: "0f8c2c1e-5d7b-4b0a-9c43-2b1d5e6f7a80" };
const workflow = { id: "e0000000-0000-4000-8000-000000000001", webhookPath: "stock-analysis" };
const retry = { attempts: 4, baseDelayMs: 500, timeoutMs: 50 };

type Answer = number | Error | "hang";

function setup(answers: Answer[], options: { env?: Record<string, string>; existing?: Run } = {}) {
  const seen: { url: string; init: RequestInit }[] = [];
  const fakeFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    seen.push({ url: String(input), init: init ?? {} });
    const answer = answers[seen.length - 1] ?? 200;
    if (answer instanceof Error) return Promise.reject(answer);
    if (answer === "hang") {
      // Never answers: only the AbortSignal ends it.
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
      );
    }
    return Promise.resolve(new Response(answer === 200 ? '{"ok":true}' : "error", { status: answer }));
  };
  const sleep = spy((_ms: number) => Promise.resolve());
  const startRun = spy((_req: Request, _run: { workflowId: string; idempotencyKey: string; input: unknown }) =>
    Promise.resolve(options.existing ?? { id: "r0000000-0000-4000-8000-000000000001", status: "queued", created: true })
  );
  const finishTrigger = spy((_req: Request, _id: string, _outcome: Parameters<TriggerDeps["finishTrigger"]>[2]) =>
    Promise.resolve()
  );
  const handler = createHandler({
    env: envFrom({ N8N_WEBHOOK_BASE_URL: BASE_URL, N8N_WEBHOOK_SECRET: "test-shared-secret", ...options.env }),
    fetch: fakeFetch as typeof fetch,
    sleep,
    newKey: () => "generated-key-0001",
    currentUser: () => Promise.resolve(user),
    findWorkflow: (_req, name) => Promise.resolve(name === "Stock analysis" ? workflow : null),
    startRun,
    finishTrigger,
  }, retry);
  return { handler, seen, sleep, startRun, finishTrigger };
}

function trigger(body: unknown = { workflow: "Stock analysis", input: { symbol: "ACME" } }, headers: HeadersInit = {}) {
  return new Request("http://localhost/functions/v1/trigger-workflow", {
    method: "POST",
    body: JSON.stringify(body),
    headers,
  });
}

Deno.test("posts to the workflow's n8n webhook with the shared secret, the idempotency key and a timeout", async () => {
  const { handler, seen, sleep, startRun, finishTrigger } = setup([200]);
  const res = await handler(trigger(undefined, { "Idempotency-Key": "client-key-0001" }));
  assertEquals(res.status, 202);
  assertEquals(await res.json(), {
    runId: "r0000000-0000-4000-8000-000000000001",
    status: "running",
    idempotencyKey: "client-key-0001",
    attempts: 1,
  });
  assertEquals(seen.length, 1);
  const headers = new Headers(seen[0].init.headers);
  assertEquals(seen[0].url, "https://n8n.example.com/webhook/stock-analysis");
  assertEquals(headers.get(SECRET_HEADER), "test-shared-secret");
  assertEquals(headers.get("Idempotency-Key"), "client-key-0001");
  assert(seen[0].init.signal instanceof AbortSignal, "a timeout signal is passed");
  const sent = JSON.parse(String(seen[0].init.body));
  assertEquals(sent, {
    runId: "r0000000-0000-4000-8000-000000000001",
    userId: user.id,
    input: { symbol: "ACME" },
    idempotencyKey: "client-key-0001",
  });
  // What n8n/README.md and the workflows say n8n receives.
  assertEquals(Object.keys(sent), contract.trigger.body.map((field) => field.key));
  assertEquals([SECRET_HEADER, contract.trigger.headers.idempotencyKey], ["X-Webhook-Secret", "Idempotency-Key"]);
  assertEquals(sleep.calls.length, 0);
  assertEquals(startRun.calls[0][1], {
    workflowId: workflow.id,
    idempotencyKey: "client-key-0001",
    input: { symbol: "ACME" },
  });
  assertEquals(finishTrigger.calls[0][2], { status: "running", attempts: 1, error: null });
});

Deno.test("retries 5xx and network errors with exponential backoff, then succeeds", async () => {
  const { handler, seen, sleep, finishTrigger } = setup([503, new TypeError("connection reset"), 500, 200]);
  const res = await handler(trigger());
  assertEquals(res.status, 202);
  assertEquals((await res.json()).attempts, 4);
  assertEquals(sleep.calls.map(([ms]) => ms), [500, 1000, 2000]);
  const keys = seen.map(({ init }) => new Headers(init.headers).get("Idempotency-Key"));
  assertEquals(keys, ["generated-key-0001", "generated-key-0001", "generated-key-0001", "generated-key-0001"]);
  assertEquals(finishTrigger.calls.map(([, , o]) => [o.status, o.attempts]), [["running", 4]]);
});

Deno.test("a request that times out is retried", async () => {
  const { handler, seen } = setup(["hang", 200]);
  const res = await handler(trigger());
  assertEquals(res.status, 202);
  assertEquals(seen.length, 2);
});

Deno.test("gives up after the last attempt with 502 and records the failure", async () => {
  const { handler, seen, sleep, finishTrigger } = setup([500, 502, 503, 504, 200]);
  const res = await handler(trigger());
  assertEquals(res.status, 502);
  assertEquals(seen.length, 4);
  assertEquals(sleep.calls.length, 3);
  assertEquals(finishTrigger.calls[0][2], { status: "failed", attempts: 4, error: "n8n answered 504" });
});

Deno.test("a 4xx answer from n8n is not retried", async () => {
  const { handler, seen } = setup([404]);
  assertEquals((await handler(trigger())).status, 502);
  assertEquals(seen.length, 1);
});

Deno.test("the same idempotency key returns the existing run and does not call n8n again", async () => {
  const existing = { id: "r0000000-0000-4000-8000-000000000002", status: "running", created: false };
  const { handler, seen } = setup([200], { existing });
  const res = await handler(trigger(undefined, { "Idempotency-Key": "client-key-0001" }));
  assertEquals(res.status, 200);
  assertEquals(await res.json(), {
    runId: existing.id,
    status: "running",
    idempotencyKey: "client-key-0001",
    duplicate: true,
  });
  assertEquals(seen.length, 0);
  // A failed run is final: the same key answers with it, a new key starts a new run.
  const failed = setup([200], { existing: { ...existing, status: "failed" } });
  assertEquals((await (await failed.handler(trigger())).json()).status, "failed");
  assertEquals(failed.seen.length, 0);
  // A run left queued (its trigger never recorded an answer) is sent to n8n again, with the same key.
  const queued = setup([200], { existing: { ...existing, status: "queued" } });
  assertEquals((await queued.handler(trigger(undefined, { "Idempotency-Key": "client-key-0001" }))).status, 202);
  assertEquals(new Headers(queued.seen[0].init.headers).get("Idempotency-Key"), "client-key-0001");
  assertEquals(queued.finishTrigger.calls[0][1], existing.id);
});

Deno.test("answers the browser's preflight and sends CORS headers and JSON errors, also when a step throws", async () => {
  const { handler } = setup([200]);
  const preflight = await handler(new Request("http://localhost/functions/v1/trigger-workflow", { method: "OPTIONS" }));
  assertEquals(preflight.status, 204);
  assert(preflight.headers.get("Access-Control-Allow-Headers")?.includes("idempotency-key"));
  const broken = createHandler({
    env: envFrom({ N8N_WEBHOOK_BASE_URL: BASE_URL, N8N_WEBHOOK_SECRET: "test-shared-secret" }),
    fetch: () => Promise.reject(new Error("must not be called")),
    sleep: () => Promise.resolve(),
    newKey: () => "generated-key-0001",
    currentUser: () => Promise.resolve(user),
    findWorkflow: () => Promise.reject(new Error("database down")),
    startRun: () => Promise.reject(new Error("must not be called")),
    finishTrigger: () => Promise.resolve(),
  });
  const res = await broken(trigger());
  assertEquals(res.status, 500);
  assertEquals(await res.json(), { error: "internal error" });
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
});

Deno.test("bad input and unknown workflows are refused before calling n8n", async () => {
  const { handler, seen, startRun } = setup([200]);
  assertEquals((await handler(trigger({ workflow: "Unknown" }))).status, 404);
  assertEquals((await handler(trigger({ input: {} }))).status, 400);
  assertEquals((await handler(trigger({ workflow: "Stock analysis", input: [1] }))).status, 400);
  assertEquals((await handler(trigger(undefined, { "Idempotency-Key": "short" }))).status, 400);
  assertEquals((await handler(new Request("http://localhost/", { method: "GET" }))).status, 405);
  assertEquals(seen.length + startRun.calls.length, 0);
});

Deno.test("without a user, or without configuration, n8n is not called", async () => {
  const signedOut = createHandler({
    env: envFrom({}),
    fetch: () => Promise.reject(new Error("must not be called")),
    sleep: () => Promise.resolve(),
    newKey: () => "generated-key-0001",
    currentUser: () => Promise.resolve(null),
    findWorkflow: () => Promise.resolve(workflow),
    startRun: () => Promise.reject(new Error("must not be called")),
    finishTrigger: () => Promise.resolve(),
  });
  assertEquals((await signedOut(trigger())).status, 401);
  const { handler, seen } = setup([200], { env: { N8N_WEBHOOK_SECRET: "" } });
  const res = await handler(trigger());
  assertEquals(res.status, 500);
  assertEquals((await res.json()).error, "N8N_WEBHOOK_SECRET is not set");
  assertEquals(seen.length, 0);
});
