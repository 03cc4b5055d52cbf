import { CHANNELS } from "../_shared/contract.ts";
import { type Handler, isRecord } from "../_shared/http.ts";
import {
  messagingEvents,
  metaWebhook,
  type MetaWebhookDeps,
  parseMessaging,
  type StatusUpdate,
  text,
} from "../_shared/meta-webhook.ts";

/** Instagram messaging webhook: `entry[].messaging[]` events, `object: "instagram"`. */
export function createHandler(deps: MetaWebhookDeps): Handler {
  return metaWebhook({
    channel: "instagram",
    object: CHANNELS.instagram.object,
    verifyTokenVar: CHANNELS.instagram.verifyTokenVar,
    parse: (payload) => parseMessaging("instagram", payload),
    parseStatuses: parseInstagramSeen,
  }, deps);
}

/** `read` events (messaging_seen): the contact has seen the message `read.mid`. Instagram sends no delivery events. */
export function parseInstagramSeen(payload: Record<string, unknown>): StatusUpdate[] {
  const out: StatusUpdate[] = [];
  for (const { accountId, event } of messagingEvents(payload)) {
    const mid = isRecord(event.read) ? text(event.read.mid) : null;
    if (mid) out.push({ channel: "instagram", accountId, status: "read", error: null, messageId: mid });
  }
  return out;
}
