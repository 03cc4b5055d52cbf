import { assert, assertEquals, spy } from "../_shared/assert.ts";
import { SEND } from "../_shared/contract.ts";
import { assertEveryFieldRead } from "../_shared/contract.testing.ts";
import { envFrom } from "../_shared/env.ts";
import type { OutboundMessage, OutboundStore, SendOutcome, SendTarget } from "../_shared/meta-send.ts";
import type { Channel } from "../_shared/meta-webhook.ts";
import { createHandler, type SendMessageDeps } from "./handler.ts";

const URL_BASE = "http://localhost/functions/v1/send-message";
const USER = { id: "5b0c5d0e-8c1a-4d38-9a4e-1f2a3b4c5d6e" };
const CONVERSATION = "0d000000-0000-4000-8000-000000000001";
const TOKENS = {
  WHATSAPP_ACCESS_TOKEN: "test-whatsapp-token",
  INSTAGRAM_ACCESS_TOKEN: "test-instagram-token",
  MESSENGER_PAGE_ACCESS_TOKEN: "test-page-token",
};

/** Each channel: the conversation as the caller reads it, and the exact request Meta must receive. */
const CHANNELS: Record<Channel, { target: SendTarget; url: string; token: string; body: unknown; answer: unknown }> = {
  whatsapp: {
    target: target("whatsapp", "16505551234", ["106540352242922"]),
    url: `https://graph.facebook.com/${SEND.graphVersion}/106540352242922/messages`,
    token: TOKENS.WHATSAPP_ACCESS_TOKEN,
    body: {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "16505551234",
      type: "text",
      text: { body: "Yes, in blue and green." },
    },
    answer: {
      messaging_product: "whatsapp",
      contacts: [{ input: "16505551234", wa_id: "16505551234" }],
      messages: [{ id: "wamid.test-reply-0001" }],
    },
  },
  instagram: {
    target: target("instagram", "1254459154682919", ["17841400000000100"]),
    url: `https://graph.instagram.com/${SEND.graphVersion}/me/messages`,
    token: TOKENS.INSTAGRAM_ACCESS_TOKEN,
    body: {
      recipient: { id: "1254459154682919" },
      messaging_type: "RESPONSE",
      message: { text: "Yes, in blue and green." },
    },
    answer: { recipient_id: "1254459154682919", message_id: "ig.mid.test-reply-0001" },
  },
  messenger: {
    target: target("messenger", "6543210987654321", ["112233445566778"]),
    url: `https://graph.facebook.com/${SEND.graphVersion}/me/messages`,
    token: TOKENS.MESSENGER_PAGE_ACCESS_TOKEN,
    body: {
      recipient: { id: "6543210987654321" },
      messaging_type: "RESPONSE",
      message: { text: "Yes, in blue and green." },
    },
    answer: {
      recipient_id: "6543210987654321",
      message_id: "m_test-reply-0001",
    },
  },
};

/** Meta's error body, here for a message outside the 24-hour window. */
const REFUSED = {
  error: {
    message: "(#10) This message is sent outside of allowed window.",
    type: "OAuthException",
    code: 10,
    error_subcode: 2018278,
    fbtrace_id: "AbCdEfGh",
  },
};

function target(channel: Channel, recipientId: string, accountIds: string[]): SendTarget {
  return {
    conversationId: CONVERSATION,
    platformClientId: "0a000000-0000-4000-8000-000000000001",
    channel,
    recipientId,
    accountIds,
  };
}

/** A store keeping rows in memory, the way the service role writes them. */
function memoryStore() {
  const rows = new Map<string, OutboundMessage>();
  const create = spy((draft: Parameters<OutboundStore["create"]>[0]) => {
    const row: OutboundMessage = {
      id: `00000000-0000-4000-8000-${String(rows.size + 1).padStart(12, "0")}`,
      conversation_id: draft.conversationId,
      channel: draft.channel,
      direction: "outbound",
      body: draft.body,
      platform_message_id: null,
      delivery_status: "pending",
      delivery_error: null,
      sender_user_id: draft.senderUserId,
      sent_at: "2026-11-05T10:00:00.000Z",
    };
    rows.set(row.id, row);
    return Promise.resolve(structuredClone(row));
  });
  const settle = spy((id: string, outcome: SendOutcome) => {
    const row = rows.get(id)!;
    if (outcome.status === "sent") {
      Object.assign(row, { delivery_status: "sent", platform_message_id: outcome.platformMessageId });
    } else Object.assign(row, { delivery_status: "failed", delivery_error: outcome.error });
    return Promise.resolve(structuredClone(row));
  });
  return { rows, create, settle };
}

/** A fake `fetch` that records each request and answers with `status` and `answer`. */
function metaApi(status: number, answer: unknown) {
  const requests: { url: string; method: string; authorization: string | null; type: string | null; body: unknown }[] =
    [];
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    return req.text().then((text) => {
      requests.push({
        url: req.url,
        method: req.method,
        authorization: req.headers.get("Authorization"),
        type: req.headers.get("Content-Type"),
        body: JSON.parse(text),
      });
      return Response.json(answer, { status });
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function setup(
  channel: Channel,
  options: { status?: number; answer?: unknown; target?: SendTarget | null; env?: Record<string, string> } = {},
) {
  const store = memoryStore();
  const api = metaApi(options.status ?? 200, options.answer ?? CHANNELS[channel].answer);
  const readTarget = spy((_req: Request, _id: string) =>
    Promise.resolve(options.target === undefined ? CHANNELS[channel].target : options.target)
  );
  const deps: SendMessageDeps = {
    env: envFrom({ ...TOKENS, ...options.env }),
    currentUser: () => Promise.resolve(USER),
    readTarget,
    store,
    fetch: api.fetch,
    log: () => {},
  };
  return { handler: createHandler(deps), store, api, readTarget };
}

function post(body: unknown): Request {
  return new Request(URL_BASE, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { Authorization: "Bearer user-jwt", "Content-Type": "application/json" },
  });
}

const send = { [SEND.body.conversationId]: CONVERSATION, [SEND.body.text]: "Yes, in blue and green." };

for (const channel of Object.keys(CHANNELS) as Channel[]) {
  Deno.test(`send-message, ${channel}: calls the API with the token and body Meta expects, stores the message as sent`, async () => {
    const { handler, store, api } = setup(channel);
    const res = await handler(post(send));
    assertEquals(res.status, 201);
    assertEquals(api.requests, [{
      url: CHANNELS[channel].url,
      method: "POST",
      authorization: `Bearer ${CHANNELS[channel].token}`,
      type: "application/json",
      body: CHANNELS[channel].body,
    }]);
    const { message } = await res.json();
    assertEquals(message.delivery_status, "sent");
    assertEquals(message.direction, "outbound");
    assertEquals(message.sender_user_id, USER.id);
    assertEquals(message.body, "Yes, in blue and green.");
    const answer = CHANNELS[channel].answer as { message_id?: string; messages?: { id: string }[] };
    assertEquals(message.platform_message_id, answer.message_id ?? answer.messages![0].id);
    assertEquals([...store.rows.values()], [message]);
    assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  });

  Deno.test(`send-message, ${channel}: a platform error is a 502 with Meta's message, and the message is kept as failed`, async () => {
    const { handler, store } = setup(channel, { status: 400, answer: REFUSED });
    const res = await handler(post(send));
    assertEquals(res.status, 502);
    const body = await res.json();
    assertEquals(body.error, REFUSED.error.message);
    assertEquals([body.message.delivery_status, body.message.delivery_error], ["failed", REFUSED.error.message]);
    assertEquals(store.settle.calls.length, 1);
    assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  });

  Deno.test(`send-message, ${channel}: reads every answer field contract.ts lists`, async () => {
    const reads = SEND.channels[channel].reads;
    const outcome = async (status: number, answer: unknown) => {
      const { handler } = setup(channel, { status, answer });
      const res = await handler(post(send));
      return { status: res.status, body: await res.json() };
    };
    const errors = reads.filter((path) => path.startsWith("error."));
    await assertEveryFieldRead(
      reads.filter((path) => !errors.includes(path)),
      CHANNELS[channel].answer,
      (a) => outcome(200, a),
    );
    await assertEveryFieldRead(errors, REFUSED, (a) => outcome(400, a));
    assertEquals(errors.length, 1);
  });

  Deno.test(`send-message, ${channel}: without its token nothing is stored or sent`, async () => {
    const { handler, store, api } = setup(channel, { env: { [SEND.channels[channel].tokenVar]: "" } });
    const res = await handler(post(send));
    assertEquals(res.status, 500);
    assertEquals([store.create.calls.length, api.requests.length], [0, 0]);
  });

  Deno.test(`send-message, ${channel}: a text over the channel's limit is a 400`, async () => {
    const { handler, api } = setup(channel);
    const max = SEND.channels[channel].maxText;
    const res = await handler(post({ ...send, [SEND.body.text]: "x".repeat(max + 1) }));
    assertEquals(res.status, 400);
    assertEquals(api.requests.length, 0);
    assertEquals((await handler(post({ ...send, [SEND.body.text]: "é".repeat(max) }))).status, 201);
  });
}

Deno.test("send-message: OPTIONS answers the CORS preflight without asking who is signed in", async () => {
  let asked = false;
  const handler = createHandler({
    env: envFrom(TOKENS),
    currentUser: () => {
      asked = true;
      return Promise.resolve(USER);
    },
    readTarget: () => Promise.resolve(null),
    store: memoryStore(),
    fetch: metaApi(200, {}).fetch,
  });
  const res = await handler(new Request(URL_BASE, { method: "OPTIONS" }));
  assertEquals(res.status, 204);
  assert(res.headers.get("Access-Control-Allow-Headers")?.includes("authorization"));
  assert(!asked);
});

Deno.test("send-message: without a signed-in user the answer is 401 and nothing is read", async () => {
  const { readTarget, api } = setup("whatsapp");
  const handler = createHandler({
    env: envFrom(TOKENS),
    currentUser: () => Promise.resolve(null),
    readTarget,
    store: memoryStore(),
    fetch: api.fetch,
  });
  const res = await handler(post(send));
  assertEquals(res.status, 401);
  assertEquals(await res.json(), { error: "sign in first" });
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  assertEquals([readTarget.calls.length, api.requests.length], [0, 0]);
});

Deno.test("send-message: a conversation the caller cannot read is a 404, and nothing is stored or sent", async () => {
  const { handler, store, api, readTarget } = setup("whatsapp", { target: null });
  const res = await handler(post(send));
  assertEquals(res.status, 404);
  assertEquals(await res.json(), { error: "conversation not found" });
  assertEquals(readTarget.calls[0][1], CONVERSATION);
  assertEquals([store.create.calls.length, api.requests.length], [0, 0]);
});

Deno.test("send-message: the conversation is read with the caller's request (their token, so RLS applies)", async () => {
  const { handler, readTarget } = setup("whatsapp");
  await handler(post(send));
  assertEquals(readTarget.calls[0][0].headers.get("Authorization"), "Bearer user-jwt");
});

Deno.test("send-message: no connected account, or more than one, is a 409", async () => {
  for (const accountIds of [[], ["106540352242922", "106540352242923"]]) {
    const { handler, store, api } = setup("whatsapp", { target: { ...CHANNELS.whatsapp.target, accountIds } });
    const res = await handler(post(send));
    assertEquals(res.status, 409, JSON.stringify(accountIds));
    assertEquals([store.create.calls.length, api.requests.length], [0, 0]);
  }
});

Deno.test("send-message: a bad body is a 400 naming the contract's keys", async () => {
  const { handler, api } = setup("whatsapp");
  const bodies = [
    "not json",
    [],
    { [SEND.body.text]: "hi" },
    { ...send, [SEND.body.conversationId]: "not-a-uuid" },
    { ...send, [SEND.body.text]: "   " },
    { ...send, [SEND.body.text]: 42 },
  ];
  for (const body of bodies) {
    const res = await handler(post(body));
    assertEquals(res.status, 400, JSON.stringify(body));
    assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  }
  assertEquals(api.requests.length, 0);
});

Deno.test("send-message: an unreachable API is a 502 and the message is kept as failed", async () => {
  const store = memoryStore();
  const handler = createHandler({
    env: envFrom(TOKENS),
    currentUser: () => Promise.resolve(USER),
    readTarget: () => Promise.resolve(CHANNELS.messenger.target),
    store,
    fetch: () => Promise.reject(new TypeError("network down")),
    log: () => {},
  });
  const res = await handler(post(send));
  assertEquals(res.status, 502);
  assertEquals((await res.json()).message.delivery_status, "failed");
});

Deno.test("send-message: a success without a message id is not taken for sent", async () => {
  const { handler } = setup("messenger", { answer: { recipient_id: "6543210987654321" } });
  const res = await handler(post(send));
  assertEquals(res.status, 502);
  assertEquals((await res.json()).message.delivery_status, "failed");
});

Deno.test("send-message: other methods are 405", async () => {
  const { handler } = setup("whatsapp");
  assertEquals((await handler(new Request(URL_BASE))).status, 405);
});

Deno.test("send-message: a failing store is a 500 that still carries the CORS headers", async () => {
  const error = console.error;
  console.error = () => {};
  try {
    const handler = createHandler({
      env: envFrom(TOKENS),
      currentUser: () => Promise.resolve(USER),
      readTarget: () => Promise.resolve(CHANNELS.whatsapp.target),
      store: { create: () => Promise.reject(new Error("database down")), settle: () => Promise.reject(new Error("x")) },
      fetch: metaApi(200, CHANNELS.whatsapp.answer).fetch,
    });
    const res = await handler(post(send));
    assertEquals(res.status, 500);
    assertEquals(await res.json(), { error: "internal error" });
    assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  } finally {
    console.error = error;
  }
});
