// Receives n8n's report on a run. The headers, the body's keys, the statuses and the signature scheme
// are those of `callback` in ../_shared/contract.json, the same definition n8n/README.md and the
// workflows in n8n/workflows/ are written from: n8n signs `<timestamp>.<delivery id>.<raw body>`
// (HMAC-SHA256, hex) with N8N_CALLBACK_SECRET and sends it from an HTTP Request node as a raw body.
import contract from "../_shared/contract.json" with { type: "json" };
import type { Env } from "../_shared/env.ts";
import { errorResponse, type Handler, isRecord, isUuid, json } from "../_shared/http.ts";
import { hmacSha256Hex, timingSafeEqual } from "../_shared/signature.ts";

const { headers: HEADERS, signature: SIGNATURE } = contract.callback;

/** Deliveries signed longer ago than this, or this far in the future, are refused as replays. */
export const MAX_AGE_SECONDS = contract.callback.maxAgeSeconds;

export const STATUSES: readonly string[] = contract.callback.statuses;

/** The text n8n signs: the parts the contract names, in its order, joined by its separator. */
export function signedText(parts: { timestamp: string; deliveryId: string; body: string }): string {
  return SIGNATURE.signs.map((part) => parts[part as keyof typeof parts]).join(SIGNATURE.separator);
}

export interface Callback {
  deliveryId: string;
  runId: string;
  status: string;
  output: Record<string, unknown> | null;
  error: string | null;
}

export interface CallbackDeps {
  env: Env;
  /** Milliseconds since the epoch. */
  now: () => number;
  /**
   * Stores the delivery once and applies it to the run. `duplicate: true` when a delivery with
   * this id was stored before (nothing changes); null when the run does not exist.
   */
  saveCallback: (callback: Callback) => Promise<{ duplicate: boolean } | null>;
}

const DELIVERY_ID = new RegExp(contract.callback.deliveryIdPattern);

export function createHandler(deps: CallbackDeps): Handler {
  return async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST" });
    const secret = deps.env("N8N_CALLBACK_SECRET");
    if (!secret) return errorResponse(500, "callback not configured");

    const timestamp = req.headers.get(HEADERS.timestamp) ?? "";
    // The delivery id is signed too: a captured delivery cannot be replayed under a new key.
    const deliveryId = req.headers.get(HEADERS.deliveryId) ?? "";
    const raw = await req.text();
    if (!/^\d{1,12}$/.test(timestamp)) return errorResponse(401, "missing or invalid timestamp");
    const header = req.headers.get(HEADERS.signature) ?? "";
    const given = header.startsWith(SIGNATURE.prefix) ? header.slice(SIGNATURE.prefix.length).trim().toLowerCase() : "";
    const expected = await hmacSha256Hex(secret, signedText({ timestamp, deliveryId, body: raw }));
    if (!given || !timingSafeEqual(expected, given)) return errorResponse(401, "invalid signature");
    if (Math.abs(deps.now() / 1000 - Number(timestamp)) > MAX_AGE_SECONDS) {
      return errorResponse(401, "stale timestamp");
    }

    if (!DELIVERY_ID.test(deliveryId)) {
      return errorResponse(400, `${HEADERS.deliveryId} must be 8 to 128 of A-Z a-z 0-9 . _ : -`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return errorResponse(400, "invalid JSON");
    }
    if (!isRecord(body) || !isUuid(body.runId)) return errorResponse(400, "runId must be a uuid");
    const status = body.status;
    if (typeof status !== "string" || !STATUSES.includes(status)) {
      return errorResponse(400, `status must be one of ${STATUSES.join(", ")}`);
    }

    const saved = await deps.saveCallback({
      deliveryId,
      runId: body.runId,
      status,
      output: isRecord(body.output) ? body.output : null,
      error: typeof body.error === "string" ? body.error.slice(0, 2000) : null,
    });
    if (!saved) return errorResponse(404, "unknown run");
    return json({ ok: true, duplicate: saved.duplicate });
  };
}
