import { CHANNELS } from "../_shared/contract.ts";
import {
  deliveryStatus,
  field,
  type InboundMessage,
  list,
  metaWebhook,
  type MetaWebhookDeps,
  type StatusUpdate,
  text,
  toIso,
} from "../_shared/meta-webhook.ts";
import type { Handler } from "../_shared/http.ts";

/**
 * WhatsApp Cloud API webhook: `entry[].changes[]` with `field: "messages"`, carrying inbound
 * `messages` and the `statuses` (sent, delivered, read, failed) of the messages send-message sent.
 */
export function createHandler(deps: MetaWebhookDeps): Handler {
  return metaWebhook({
    channel: "whatsapp",
    object: CHANNELS.whatsapp.object,
    verifyTokenVar: CHANNELS.whatsapp.verifyTokenVar,
    parse: parseWhatsApp,
    parseStatuses: parseWhatsAppStatuses,
  }, deps);
}

export function parseWhatsApp(payload: Record<string, unknown>): InboundMessage[] {
  const out: InboundMessage[] = [];
  for (const { value, accountId } of messageChanges(payload)) {
    const names = new Map<string, string>();
    for (const contact of list(field(value, "contacts"))) {
      const waId = text(field(contact, "wa_id"));
      const name = text(field(field(contact, "profile"), "name"));
      if (waId && name) names.set(waId, name);
    }
    // Status updates come in `statuses`: parseWhatsAppStatuses reads them.
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
  return out;
}

/** Each `messages` change of a payload, with the phone number id that received it. */
function messageChanges(payload: Record<string, unknown>): Array<{ value: unknown; accountId: string }> {
  const changes: Array<{ value: unknown; accountId: string }> = [];
  for (const entry of list(payload.entry)) {
    for (const change of list(field(entry, "changes"))) {
      if (field(change, "field") !== "messages") continue;
      const value = field(change, "value");
      const accountId = text(field(field(value, "metadata"), "phone_number_id"));
      if (accountId) changes.push({ value, accountId });
    }
  }
  return changes;
}

/** The `statuses` of outbound messages: the platform's message id, the new status and, when failed, why. */
export function parseWhatsAppStatuses(payload: Record<string, unknown>): StatusUpdate[] {
  const out: StatusUpdate[] = [];
  for (const { value, accountId } of messageChanges(payload)) {
    for (const update of list(field(value, "statuses"))) {
      const messageId = text(field(update, "id"));
      const status = deliveryStatus(field(update, "status"));
      if (!messageId || !status) continue;
      const reasons = list(field(update, "errors")).map((e) => text(field(e, "title"))).filter((r) => r !== null);
      out.push({
        channel: "whatsapp",
        accountId,
        messageId,
        status,
        error: status === "failed" ? reasons.join("; ") || "failed" : null,
      });
    }
  }
  return out;
}
