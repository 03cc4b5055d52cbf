// Stripe webhook: keeps public.subscriptions in step with Stripe. POST only, verified with the
// `stripe` package on the raw body (Stripe-Signature carries a timestamp and an HMAC of both), then
// applied once per event id by the database (public.apply_stripe_subscription_event).
// Pinned here rather than in deno.json: only this function uses it.
// deno-lint-ignore no-import-prefix
import Stripe from "npm:stripe@23";
import { STRIPE } from "../_shared/contract.ts";
import type { Env } from "../_shared/env.ts";
import { errorResponse, type Handler, isRecord, isUuid, json } from "../_shared/http.ts";

/** A verified subscription event, as the database applies it. */
export interface SubscriptionEvent {
  eventId: string;
  eventType: string;
  /** When Stripe created the event (ISO 8601): an older event never overwrites a newer one. */
  eventCreated: string;
  platformClientId: string;
  stripeCustomerId: string;
  stripeSubscriptionId: string;
  status: string;
  priceId: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
}

/** What the database did with an event. */
export type ApplyOutcome = "applied" | "duplicate" | "stale" | "unknown_client";

/** Applies one event, once per event id. Throwing makes the handler answer 500, so Stripe retries. */
export type ApplySubscriptionEvent = (
  event: SubscriptionEvent,
) => Promise<ApplyOutcome>;

export interface StripeWebhookDeps {
  env: Env;
  apply: ApplySubscriptionEvent;
  /** Where problems are reported; console.error unless given. */
  log?: (message: string, error?: unknown) => void;
}

// Web Crypto: Deno has no Node crypto module for the `stripe` package's default provider.
const cryptoProvider = Stripe.createSubtleCryptoProvider();
const HANDLED: ReadonlySet<string> = new Set(STRIPE.events);

export function createHandler(deps: StripeWebhookDeps): Handler {
  const log = deps.log ?? console.error;
  return async (req) => {
    if (req.method !== "POST") {
      return errorResponse(405, "method not allowed", { Allow: "POST" });
    }
    const secret = deps.env(STRIPE.webhookSecretVar);
    if (!secret) {
      log(`stripe webhook: ${STRIPE.webhookSecretVar} is not set`);
      return errorResponse(500, "webhook not configured");
    }
    const signature = req.headers.get(STRIPE.signatureHeader);
    if (!signature) return errorResponse(400, "missing signature");

    // The signature covers the exact bytes Stripe sent: read them as text once, parse nothing before.
    const raw = await req.text();
    let event: Stripe.Event;
    try {
      event = await Stripe.webhooks.constructEventAsync(
        raw,
        signature,
        secret,
        undefined,
        cryptoProvider,
      );
    } catch {
      return errorResponse(400, "invalid signature");
    }

    if (!HANDLED.has(event.type)) {
      return json({ received: true, handled: false });
    }
    const update = subscriptionEvent(event);
    if (!update) {
      log(
        `stripe webhook: ${event.id} has no ${STRIPE.metadataKey} in the subscription's metadata; skipped`,
      );
      return json({ received: true, handled: false });
    }
    try {
      const outcome = await deps.apply(update);
      if (outcome === "unknown_client") {
        log(
          `stripe webhook: ${event.id} names an unknown platform client; skipped`,
        );
      }
      return json({ received: true, handled: true, outcome });
    } catch (error) {
      log("stripe webhook: applying the event failed", error);
      return errorResponse(500, "could not apply the event");
    }
  };
}

/** The subscription state an event carries, or null when it names no platform client. */
export function subscriptionEvent(
  event: Stripe.Event,
): SubscriptionEvent | null {
  const subscription: unknown = event.data.object;
  if (!isRecord(subscription)) return null;
  const metadata = subscription.metadata;
  const platformClientId = isRecord(metadata) ? metadata[STRIPE.metadataKey] : undefined;
  const customer = subscription.customer;
  const customerId = typeof customer === "string" ? customer : isRecord(customer) ? customer.id : undefined;
  if (
    !isUuid(platformClientId) || typeof customerId !== "string" ||
    typeof subscription.id !== "string"
  ) return null;
  if (
    typeof subscription.status !== "string" || typeof event.created !== "number"
  ) return null;

  // The first item's price and period (Stripe's API keeps current_period_end on the items since 2025-03-31).
  const items = isRecord(subscription.items) && Array.isArray(subscription.items.data) ? subscription.items.data : [];
  const item: unknown = items[0];
  const price = isRecord(item) && isRecord(item.price) ? item.price.id : undefined;
  const periodEnd = isRecord(item) ? item.current_period_end : undefined;
  return {
    eventId: event.id,
    eventType: event.type,
    eventCreated: isoSeconds(event.created),
    platformClientId,
    stripeCustomerId: customerId,
    stripeSubscriptionId: subscription.id,
    status: subscription.status,
    priceId: typeof price === "string" ? price : null,
    currentPeriodEnd: typeof periodEnd === "number" ? isoSeconds(periodEnd) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end === true,
  };
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
