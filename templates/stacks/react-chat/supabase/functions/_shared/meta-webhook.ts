// Receivers for Meta webhooks (WhatsApp Cloud API, Instagram messaging, Messenger).
// GET: the subscription check. POST: events signed with the app secret in X-Hub-Signature-256.
// Meta signs only the body and sends no timestamp header; it redelivers failed events for days,
// so duplicates are handled by storing messages unique on their platform message id, and delivery
// statuses only move forward (the database ignores a status older than the one it has).
import { META, SEND } from "./contract.ts";
import type { Env } from "./env.ts";
import { errorResponse, type Handler, isRecord, json } from "./http.ts";
import { timingSafeEqual, verifySha256Signature } from "./signature.ts";

export type Channel = "whatsapp" | "instagram" | "messenger";

export interface InboundMessage {
  channel: Channel;
  /** The business side: WhatsApp phone_number_id, Instagram account id or Facebook page id. */
  accountId: string;
  /** The person writing: WhatsApp wa_id, Instagram-scoped or page-scoped id. */
  senderId: string;
  senderName: string | null;
  /** The platform's message id (unique per channel). */
  messageId: string;
  /** The text, or null for media, reactions and other message types. */
  text: string | null;
  /** When the person sent it (ISO 8601), or null when the event carries no time. */
  sentAt: string | null;
}

/** A delivery status of an outbound message: messages.delivery_status. */
export type DeliveryStatus = (typeof SEND.statuses)[number];

/**
 * What the platform reports about messages sent by send-message: one message by its platform id
 * (WhatsApp `statuses`, Instagram `read.mid`), or every message sent to a contact up to a time
 * (Messenger's `delivery` and `read` watermarks).
 */
export type StatusUpdate =
  & {
    channel: Channel;
    /** The business account the messages were sent from. */
    accountId: string;
    status: DeliveryStatus;
    /** Why it failed, as the platform says it, or null. */
    error: string | null;
  }
  & (
    | { /** The platform's id of the outbound message. */ messageId: string }
    | { /** The contact they were sent to. */ contactId: string; /** ISO 8601: sent at or before. */ sentUpTo: string }
  );

/** Saves verified messages. Throwing makes the receiver answer 500, so Meta delivers again. */
export type StoreMessages = (messages: InboundMessage[]) => Promise<void>;

/** Applies verified status updates. Throwing makes the receiver answer 500, so Meta delivers again. */
export type StoreStatuses = (updates: StatusUpdate[]) => Promise<void>;

export interface MetaWebhookDeps {
  env: Env;
  store: StoreMessages;
  storeStatuses: StoreStatuses;
  /** Where problems are reported; console.error unless given. */
  log?: (message: string, error?: unknown) => void;
}

export interface MetaWebhookOptions {
  channel: Channel;
  /** The `object` field Meta sends for this product. */
  object: string;
  /** The variable holding the verify token chosen when subscribing the webhook. */
  verifyTokenVar: string;
  parse: (payload: Record<string, unknown>) => InboundMessage[];
  /** The delivery status updates in a payload; none when not given. */
  parseStatuses?: (payload: Record<string, unknown>) => StatusUpdate[];
}

/** The variable holding the Meta app secret that signs every POST. */
export const APP_SECRET_VAR = META.appSecretVar;

export function metaWebhook(options: MetaWebhookOptions, deps: MetaWebhookDeps): Handler {
  const log = deps.log ?? console.error;
  return async (req) => {
    if (req.method === "GET") return verifySubscription(req, deps.env(options.verifyTokenVar));
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "GET, POST" });

    const secret = deps.env(APP_SECRET_VAR);
    if (!secret) {
      log(`${options.channel} webhook: ${APP_SECRET_VAR} is not set`);
      return errorResponse(500, "webhook not configured");
    }
    const raw = new Uint8Array(await req.arrayBuffer());
    if (!await verifySha256Signature(secret, raw, req.headers.get(META.signatureHeader))) {
      return errorResponse(401, "invalid signature");
    }

    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return errorResponse(400, "invalid JSON");
    }
    if (!isRecord(payload) || payload.object !== options.object) return json({ received: 0 });

    const messages = options.parse(payload);
    const statuses = options.parseStatuses?.(payload) ?? [];
    try {
      if (messages.length > 0) await deps.store(messages);
      if (statuses.length > 0) await deps.storeStatuses(statuses);
    } catch (error) {
      log(`${options.channel} webhook: storing failed`, error);
      return errorResponse(500, "could not store the messages");
    }
    // Messages and status updates alike.
    return json({ received: messages.length + statuses.length });
  };
}

/** Echoes hub.challenge only for a subscribe request carrying the right verify token. */
function verifySubscription(req: Request, expectedToken: string | undefined): Response {
  if (!expectedToken) return errorResponse(500, "webhook not configured");
  const params = new URL(req.url).searchParams;
  const token = params.get(META.tokenParam);
  const challenge = params.get(META.challengeParam);
  if (
    params.get(META.modeParam) === META.subscribeMode && token !== null && challenge !== null &&
    timingSafeEqual(token, expectedToken)
  ) {
    return new Response(challenge, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return errorResponse(403, "verification failed");
}

/** Instagram and Messenger: `entry[].messaging[]` events with `sender`, `recipient` and `message`. */
export function parseMessaging(channel: Channel, payload: Record<string, unknown>): InboundMessage[] {
  const out: InboundMessage[] = [];
  for (const { contactId, accountId, event } of messagingEvents(payload)) {
    const message = event.message;
    if (!isRecord(message) || message.is_echo === true) continue;
    const messageId = text(message.mid);
    if (!messageId) continue;
    const timestamp = event.timestamp;
    out.push({
      channel,
      accountId,
      senderId: contactId,
      senderName: null,
      messageId,
      text: text(message.text),
      sentAt: typeof timestamp === "number" ? toIso(timestamp) : null,
    });
  }
  return out;
}

/** A status the platform reports (sent, delivered, read, failed), or null for any other word. */
export function deliveryStatus(value: unknown): DeliveryStatus | null {
  const found = SEND.statuses.find((status) => status === value && status !== "pending");
  return found ?? null;
}

/**
 * Instagram and Messenger events in `entry[].messaging[]` (messages and receipts), with the contact
 * who sent them (`sender.id`) and the account that received them (`recipient.id`).
 */
export function* messagingEvents(
  payload: Record<string, unknown>,
): Generator<{ contactId: string; accountId: string; event: Record<string, unknown> }> {
  for (const entry of list(payload.entry)) {
    for (const event of list(field(entry, "messaging"))) {
      const contactId = text(field(field(event, "sender"), "id"));
      const accountId = text(field(field(event, "recipient"), "id"));
      if (isRecord(event) && contactId && accountId) yield { contactId, accountId, event };
    }
  }
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
