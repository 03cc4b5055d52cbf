import { CHANNELS } from "../_shared/contract.ts";
import { type Handler, isRecord } from "../_shared/http.ts";
import {
  messagingEvents,
  metaWebhook,
  type MetaWebhookDeps,
  parseMessaging,
  type StatusUpdate,
  toIso,
} from "../_shared/meta-webhook.ts";

/** Messenger Platform webhook for a Facebook page: `entry[].messaging[]` events, `object: "page"`. */
export function createHandler(deps: MetaWebhookDeps): Handler {
  return metaWebhook({
    channel: "messenger",
    object: CHANNELS.messenger.object,
    verifyTokenVar: CHANNELS.messenger.verifyTokenVar,
    parse: (payload) => parseMessaging("messenger", payload),
    parseStatuses: parseMessengerReceipts,
  }, deps);
}

/**
 * `delivery` (message_deliveries) and `read` (message_reads) events: every message the page sent the
 * contact up to `watermark` (ms) was delivered, or read. `delivery.mids` is optional, so the watermark
 * is what counts.
 */
export function parseMessengerReceipts(payload: Record<string, unknown>): StatusUpdate[] {
  const out: StatusUpdate[] = [];
  for (const { contactId, accountId, event } of messagingEvents(payload)) {
    for (const [key, status] of [["delivery", "delivered"], ["read", "read"]] as const) {
      const receipt = event[key];
      const watermark = isRecord(receipt) ? receipt.watermark : undefined;
      if (typeof watermark !== "number" || watermark <= 0) continue;
      out.push({ channel: "messenger", accountId, status, error: null, contactId, sentUpTo: toIso(watermark) });
    }
  }
  return out;
}
