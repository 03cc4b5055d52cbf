import { CHANNELS } from "../_shared/contract.ts";
import { assertEquals } from "../_shared/assert.ts";
import { assertReceiverReads, registerMetaWebhookTests, setup, signedPost } from "../_shared/meta-webhook.testing.ts";
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

function isReceipt(path: string): boolean {
  return path.includes(".delivery.") || path.includes(".read.");
}

const fixture = {
  createHandler,
  verifyTokenVar: "MESSENGER_VERIFY_TOKEN",
  // The message fields; the receipt fields are checked against the receipts payload below.
  reads: CHANNELS.messenger.reads.filter((path) => !isReceipt(path)),
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

// message_deliveries and message_reads: the contact's receipts for what the page sent.
const receipts = {
  object: "page",
  entry: [{
    id: "112233445566778",
    time: 1749416391000,
    messaging: [
      {
        sender: { id: "6543210987654321" },
        recipient: { id: "112233445566778" },
        delivery: { mids: ["m_test-reply-0001"], watermark: 1749416389000 },
      },
      {
        sender: { id: "6543210987654321" },
        recipient: { id: "112233445566778" },
        timestamp: 1749416391000,
        read: { watermark: 1749416390000 },
      },
    ],
  }],
};

Deno.test("messenger-webhook: delivery and read events mark what the page sent up to their watermark", async () => {
  const { handler, store, storeStatuses } = setup(fixture);
  const res = await handler(await signedPost(JSON.stringify(receipts)));
  assertEquals(await res.json(), { received: 2 });
  assertEquals(store.calls.length, 0);
  const common = { channel: "messenger", accountId: "112233445566778", contactId: "6543210987654321", error: null };
  assertEquals(storeStatuses.calls, [[[
    { ...common, status: "delivered", sentUpTo: "2025-06-08T20:59:49.000Z" },
    { ...common, status: "read", sentUpTo: "2025-06-08T20:59:50.000Z" },
  ]]]);
});

Deno.test("messenger-webhook: reads every receipt field contract.ts lists", async () => {
  const paths = CHANNELS.messenger.reads.filter(isReceipt);
  assertEquals(paths.length, 2);
  await assertReceiverReads(fixture, paths, receipts, "storeStatuses");
});
