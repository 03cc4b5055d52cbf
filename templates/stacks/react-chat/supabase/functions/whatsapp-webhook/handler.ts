import { CHANNELS } from "../_shared/contract.ts";
import {
  field,
  type InboundMessage,
  list,
  metaWebhook,
  type MetaWebhookDeps,
  text,
  toIso,
} from "../_shared/meta-webhook.ts";
import type { Handler } from "../_shared/http.ts";

/** WhatsApp Cloud API webhook: `entry[].changes[]` with `field: "messages"`. */
export function createHandler(deps: MetaWebhookDeps): Handler {
  return metaWebhook({
    channel: "whatsapp",
    object: CHANNELS.whatsapp.object,
    verifyTokenVar: CHANNELS.whatsapp.verifyTokenVar,
    parse: parseWhatsApp,
  }, deps);
}

export function parseWhatsApp(payload: Record<string, unknown>): InboundMessage[] {
  const out: InboundMessage[] = [];
  for (const entry of list(payload.entry)) {
    for (const change of list(field(entry, "changes"))) {
      if (field(change, "field") !== "messages") continue;
      const value = field(change, "value");
      const accountId = text(field(field(value, "metadata"), "phone_number_id"));
      if (!accountId) continue;
      const names = new Map<string, string>();
      for (const contact of list(field(value, "contacts"))) {
        const waId = text(field(contact, "wa_id"));
        const name = text(field(field(contact, "profile"), "name"));
        if (waId && name) names.set(waId, name);
      }
      // Status updates (sent, delivered, read) come in `statuses` and are not messages.
      for (const message of list(field(value, "messages"))) {
        const senderId = text(field(message, "from"));
        const messageId = text(field(message, "id"));
        if (!senderId || !messageId) continue;
        const seconds = Number(field(message, "timestamp"));
        out.push({
          channel: "whatsapp",
          accountId,
          senderId,
          senderName: names.get(senderId) ?? null,
          messageId,
          text: field(message, "type") === "text" ? text(field(field(message, "text"), "body")) : null,
          sentAt: Number.isFinite(seconds) && seconds > 0 ? toIso(seconds * 1000) : null,
        });
      }
    }
  }
  return out;
}
