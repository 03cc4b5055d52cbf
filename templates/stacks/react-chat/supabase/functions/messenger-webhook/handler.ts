import { CHANNELS } from "../_shared/contract.ts";
import type { Handler } from "../_shared/http.ts";
import { metaWebhook, type MetaWebhookDeps, parseMessaging } from "../_shared/meta-webhook.ts";

/** Messenger Platform webhook for a Facebook page: `entry[].messaging[]` events, `object: "page"`. */
export function createHandler(deps: MetaWebhookDeps): Handler {
  return metaWebhook({
    channel: "messenger",
    object: CHANNELS.messenger.object,
    verifyTokenVar: CHANNELS.messenger.verifyTokenVar,
    parse: (payload) => parseMessaging("messenger", payload),
  }, deps);
}
