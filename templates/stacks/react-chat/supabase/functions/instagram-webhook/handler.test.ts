import { CHANNELS } from "../_shared/contract.ts";
import { assertEquals } from "../_shared/assert.ts";
import { assertReceiverReads, registerMetaWebhookTests, setup, signedPost } from "../_shared/meta-webhook.testing.ts";
import { createHandler } from "./handler.ts";

const payload = {
  object: "instagram",
  entry: [{
    id: "17841405822304914",
    time: 1749416384000,
    messaging: [{
      sender: { id: "1254459154682919" },
      recipient: { id: "17841405822304914" },
      timestamp: 1749416383000,
      message: { mid: "ig-test-message-0001", text: "Hi! Is this still available?" },
    }],
  }],
};

const fixture = {
  createHandler,
  verifyTokenVar: "INSTAGRAM_VERIFY_TOKEN",
  // The message fields; the read receipt's field is checked against the seen payload below.
  reads: CHANNELS.instagram.reads.filter((path) => !path.includes(".read.")),
  payload,
  expected: {
    channel: "instagram" as const,
    accountId: "17841405822304914",
    senderId: "1254459154682919",
    senderName: null,
    messageId: "ig-test-message-0001",
    text: "Hi! Is this still available?",
    sentAt: "2025-06-08T20:59:43.000Z",
  },
};

registerMetaWebhookTests("instagram-webhook", fixture);

Deno.test("instagram-webhook: echoes of the account's own messages are not stored", async () => {
  const { handler, store } = setup(fixture);
  const echo = structuredClone(payload);
  Object.assign(echo.entry[0].messaging[0].message, { is_echo: true });
  const res = await handler(await signedPost(JSON.stringify(echo)));
  assertEquals(await res.json(), { received: 0 });
  assertEquals(store.calls.length, 0);
});

Deno.test("instagram-webhook: a Messenger payload sent here is ignored", async () => {
  const { handler, store } = setup(fixture);
  const res = await handler(await signedPost(JSON.stringify({ ...payload, object: "page" })));
  assertEquals(await res.json(), { received: 0 });
  assertEquals(store.calls.length, 0);
});

// messaging_seen: the contact has seen a message the account sent.
const seen = {
  object: "instagram",
  entry: [{
    id: "17841405822304914",
    time: 1749416391000,
    messaging: [{
      sender: { id: "1254459154682919" },
      recipient: { id: "17841405822304914" },
      timestamp: 1749416390000,
      read: { mid: "ig.mid.test-reply-0001" },
    }],
  }],
};

Deno.test("instagram-webhook: a read event marks the message seen as read", async () => {
  const { handler, store, storeStatuses } = setup(fixture);
  const res = await handler(await signedPost(JSON.stringify(seen)));
  assertEquals(await res.json(), { received: 1 });
  assertEquals(store.calls.length, 0);
  assertEquals(storeStatuses.calls, [[[
    {
      channel: "instagram",
      accountId: "17841405822304914",
      status: "read",
      error: null,
      messageId: "ig.mid.test-reply-0001",
    },
  ]]]);
});

Deno.test("instagram-webhook: reads every receipt field contract.ts lists", async () => {
  const paths = CHANNELS.instagram.reads.filter((path) => path.includes(".read."));
  assertEquals(paths.length, 1);
  await assertReceiverReads(fixture, paths, seen, "storeStatuses");
});
