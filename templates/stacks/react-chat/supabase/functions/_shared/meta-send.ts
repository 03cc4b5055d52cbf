// Sending a text message through Meta's APIs: the WhatsApp Cloud API (`/<phone_number_id>/messages`),
// the Messenger Platform and Instagram messaging (`/me/messages`, the token naming the page or the
// Instagram professional account). The URLs, token variables and answer fields are in contract.ts.
import { SEND } from "./contract.ts";
import { isRecord } from "./http.ts";
import { type Channel, type DeliveryStatus, field, list, text } from "./meta-webhook.ts";

/** Where a message goes: a conversation the caller can read, with what sending to it needs. */
export interface SendTarget {
  conversationId: string;
  platformClientId: string;
  channel: Channel;
  /** The contact on the channel: WhatsApp wa_id, Instagram-scoped id or page-scoped id. */
  recipientId: string;
  /** The client's connected accounts on that channel (channel_accounts.account_id), at most two. */
  accountIds: string[];
}

/** An outbound row of public.messages, as send-message returns it to the app. */
export interface OutboundMessage {
  id: string;
  conversation_id: string;
  channel: Channel;
  direction: "outbound";
  body: string;
  platform_message_id: string | null;
  delivery_status: DeliveryStatus;
  delivery_error: string | null;
  sender_user_id: string;
  sent_at: string;
}

/** What the platform answered: its message id, or why it refused. */
export type SendOutcome = { status: "sent"; platformMessageId: string } | { status: "failed"; error: string };

/**
 * Where send-message keeps outbound messages (chat-store.ts writes them with the service role), used
 * only after the handler's checks.
 */
export interface OutboundStore {
  /** Saves the message as `pending` before it goes to the platform. */
  create(draft: {
    platformClientId: string;
    conversationId: string;
    channel: Channel;
    body: string;
    senderUserId: string;
  }): Promise<OutboundMessage>;
  /** Records the platform's answer: `sent` with its message id, or `failed` with its reason. */
  settle(id: string, outcome: SendOutcome): Promise<OutboundMessage>;
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && Object.hasOwn(SEND.channels, value);
}

/** The Graph API request that sends `body` to `recipientId` from `accountId`. */
export function sendRequest(
  channel: Channel,
  accountId: string,
  recipientId: string,
  body: string,
  token: string,
): { url: string; init: RequestInit } {
  const url = SEND.channels[channel].url
    .replace("{version}", SEND.graphVersion)
    .replace("{account}", encodeURIComponent(accountId));
  const payload = channel === "whatsapp"
    ? { messaging_product: "whatsapp", recipient_type: "individual", to: recipientId, type: "text", text: { body } }
    : { recipient: { id: recipientId }, messaging_type: "RESPONSE", message: { text: body } };
  return {
    url,
    init: {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    },
  };
}

/**
 * Reads the platform's answer. Success: WhatsApp `{ messages: [{ id }] }`, Messenger and Instagram
 * `{ message_id }`. Failure: any other status, with Meta's `{ error: { message, type, code } }`.
 */
export function readSendAnswer(channel: Channel, httpStatus: number, answer: unknown): SendOutcome {
  if (httpStatus < 200 || httpStatus > 299) {
    const message = text(field(field(answer, "error"), "message"));
    return { status: "failed", error: message ?? `the ${channel} API answered ${httpStatus}` };
  }
  const id = channel === "whatsapp"
    ? text(field(list(field(answer, "messages"))[0], "id"))
    : text(isRecord(answer) ? answer.message_id : undefined);
  return id
    ? { status: "sent", platformMessageId: id }
    : { status: "failed", error: `the ${channel} API answered without a message id` };
}
