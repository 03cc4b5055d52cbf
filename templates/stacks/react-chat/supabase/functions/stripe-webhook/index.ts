// Wiring: the logic is in handler.ts, tested by handler.test.ts. The one database call is here.
import { denoEnv } from "../_shared/env.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { type ApplyOutcome, createHandler, type SubscriptionEvent } from "./handler.ts";

/**
 * Applies a verified event through the database function that records the event id first, in one
 * transaction, so that a redelivered or older event changes nothing (service role only).
 */
async function applySubscriptionEvent(
  event: SubscriptionEvent,
): Promise<ApplyOutcome> {
  const { data, error } = await serviceClient().rpc(
    "apply_stripe_subscription_event",
    {
      p_event_id: event.eventId,
      p_event_type: event.eventType,
      p_event_created: event.eventCreated,
      p_platform_client_id: event.platformClientId,
      p_stripe_customer_id: event.stripeCustomerId,
      p_stripe_subscription_id: event.stripeSubscriptionId,
      p_status: event.status,
      p_price_id: event.priceId,
      p_current_period_end: event.currentPeriodEnd,
      p_cancel_at_period_end: event.cancelAtPeriodEnd,
    },
  );
  if (error) {
    throw new Error(`applying the Stripe event failed: ${error.message}`);
  }
  return data as ApplyOutcome;
}

Deno.serve(createHandler({ env: denoEnv, apply: applySubscriptionEvent }));
