import { CHANNELS } from "../_shared/contract.ts";
import type { Handler } from "../_shared/http.ts";
import { metaWebhook, type MetaWebhookDeps, parseMessaging } from "../_shared/meta-webhook.ts";

/** Instagram messaging webhook: `entry[].messaging[]` events, `object: "instagram"`. */
export function createHandler(deps: MetaWebhookDeps): Handler {
  return metaWebhook({
    channel: "instagram",
    object: CHANNELS.instagram.object,
    verifyTokenVar: CHANNELS.instagram.verifyTokenVar,
    parse: (payload) => parseMessaging("instagram", payload),
  }, deps);
}
