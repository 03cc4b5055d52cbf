import { CHANNELS } from "../_shared/contract.ts";
import { assertEquals } from "../_shared/assert.ts";
import { registerMetaWebhookTests, setup, signedPost } from "../_shared/meta-webhook.testing.ts";
import { createHandler } from "./handler.ts";

const payload = {
  object: "page",
  entry: [{
    id: "112233445566778",
    time: 1749416384000,
    messaging: [{
      sender: { id: "6543210987654321" },
      recipient: { id: "112233445566778" },
      timestamp: 1749416383000,
      message: { mid: "m_test-message-0001", text: "hello, world!" },
    }],
  }],
};

const fixture = {
  createHandler,
  verifyTokenVar: "MESSENGER_VERIFY_TOKEN",
  reads: CHANNELS.messenger.reads,
  payload,
  expected: {
    channel: "messenger" as const,
    accountId: "112233445566778",
    senderId: "6543210987654321",
    senderName: null,
    messageId: "m_test-message-0001",
    text: "hello, world!",
    sentAt: "2025-06-08T20:59:43.000Z",
  },
};

registerMetaWebhookTests("messenger-webhook", fixture);

Deno.test("messenger-webhook: delivery and read events are not messages", async () => {
  const { handler, store } = setup(fixture);
  const read = structuredClone(payload) as Record<string, unknown>;
  (read.entry as { messaging: Record<string, unknown>[] }[])[0].messaging[0] = {
    sender: { id: "6543210987654321" },
    recipient: { id: "112233445566778" },
    timestamp: 1749416390000,
    read: { watermark: 1749416383000 },
  };
  const res = await handler(await signedPost(JSON.stringify(read)));
  assertEquals(await res.json(), { received: 0 });
  assertEquals(store.calls.length, 0);
});
