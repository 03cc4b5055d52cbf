import { CHANNELS } from "../_shared/contract.ts";
import { assertEquals } from "../_shared/assert.ts";
import { registerMetaWebhookTests, setup, signedPost } from "../_shared/meta-webhook.testing.ts";
import { createHandler, parseWhatsApp } from "./handler.ts";

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
  reads: CHANNELS.whatsapp.reads,
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

Deno.test("whatsapp-webhook: status updates are acknowledged and not stored", async () => {
  const { handler, store } = setup(fixture);
  const statuses = change({
    metadata: { phone_number_id: "106540352242922" },
    statuses: [{ id: "wamid.x", status: "delivered", timestamp: "1749416390", recipient_id: "16505551234" }],
  });
  const res = await handler(await signedPost(JSON.stringify(statuses)));
  assertEquals(await res.json(), { received: 0 });
  assertEquals(store.calls.length, 0);
});

Deno.test("whatsapp-webhook: media messages are kept without text", () => {
  const image = change({
    metadata: { phone_number_id: "106540352242922" },
    messages: [{ from: "16505551234", id: "wamid.img", timestamp: "1749416383", type: "image", image: { id: "1" } }],
  });
  const [message] = parseWhatsApp(image);
  assertEquals([message.text, message.senderName, message.messageId], [null, null, "wamid.img"]);
});
