import { CHANNELS } from "../_shared/contract.ts";
import { assertEquals } from "../_shared/assert.ts";
import { assertReceiverReads, registerMetaWebhookTests, setup, signedPost } from "../_shared/meta-webhook.testing.ts";
import { createHandler, parseWhatsApp, parseWhatsAppStatuses } from "./handler.ts";

function change(value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ field: "messages", value }] }],
  };
}

const payload = change({
  messaging_product: "whatsapp",
  metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
  contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }],
  messages: [{
    from: "16505551234",
    id: "wamid.test-message-0001",
    timestamp: "1749416383",
    type: "text",
    text: { body: "Does it come in another color?" },
  }],
});

const fixture = {
  createHandler,
  verifyTokenVar: "WHATSAPP_VERIFY_TOKEN",
  // The message fields; the status fields are checked against the statuses payload below.
  reads: CHANNELS.whatsapp.reads.filter((path) => !path.includes(".statuses[].")),
  payload,
  expected: {
    channel: "whatsapp" as const,
    accountId: "106540352242922",
    senderId: "16505551234",
    senderName: "Sheena Nelson",
    messageId: "wamid.test-message-0001",
    text: "Does it come in another color?",
    sentAt: "2025-06-08T20:59:43.000Z",
  },
};

registerMetaWebhookTests("whatsapp-webhook", fixture);

// What the Cloud API sends after send-message: one `statuses` entry per change of a sent message.
const statuses = change({
  messaging_product: "whatsapp",
  metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
  statuses: [
    { id: "wamid.out-0001", status: "delivered", timestamp: "1749416390", recipient_id: "16505551234" },
    {
      id: "wamid.out-0002",
      status: "failed",
      timestamp: "1749416391",
      recipient_id: "16505551234",
      errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message" }],
    },
  ],
});

/** The fields of `statuses[]` that CHANNELS.whatsapp.reads lists. */
const statusReads = CHANNELS.whatsapp.reads.filter((path) => path.includes(".statuses[]."));

Deno.test("whatsapp-webhook: status updates are applied to the sent messages, not stored as messages", async () => {
  const { handler, store, storeStatuses } = setup(fixture);
  const res = await handler(await signedPost(JSON.stringify(statuses)));
  assertEquals(res.status, 200);
  assertEquals(await res.json(), { received: 2 });
  assertEquals(store.calls.length, 0);
  assertEquals(storeStatuses.calls, [[[
    {
      channel: "whatsapp",
      accountId: "106540352242922",
      messageId: "wamid.out-0001",
      status: "delivered",
      error: null,
    },
    {
      channel: "whatsapp",
      accountId: "106540352242922",
      messageId: "wamid.out-0002",
      status: "failed",
      error: "Re-engagement message",
    },
  ]]]);
});

Deno.test("whatsapp-webhook: an unknown status word or a status without a message id is skipped", () => {
  const odd = change({
    metadata: { phone_number_id: "106540352242922" },
    statuses: [{ id: "wamid.x", status: "deleted" }, { status: "read" }, { id: "wamid.y", status: "pending" }],
  });
  assertEquals(parseWhatsAppStatuses(odd), []);
});

Deno.test("whatsapp-webhook: a failing status store answers 500 so that Meta delivers again", async () => {
  const handler = createHandler({
    env: (name) => ({ META_APP_SECRET: "test-app-secret", WHATSAPP_VERIFY_TOKEN: "t" })[name],
    store: () => Promise.resolve(),
    storeStatuses: () => Promise.reject(new Error("database down")),
    log: () => {},
  });
  assertEquals((await handler(await signedPost(JSON.stringify(statuses)))).status, 500);
});

Deno.test("whatsapp-webhook: reads every status field contract.ts lists", async () => {
  assertEquals(statusReads.length, 3);
  await assertReceiverReads(fixture, statusReads, statuses, "storeStatuses");
});

Deno.test("whatsapp-webhook: media messages are kept without text", () => {
  const image = change({
    metadata: { phone_number_id: "106540352242922" },
    messages: [{ from: "16505551234", id: "wamid.img", timestamp: "1749416383", type: "image", image: { id: "1" } }],
  });
  const [message] = parseWhatsApp(image);
  assertEquals([message.text, message.senderName, message.messageId], [null, null, "wamid.img"]);
});
