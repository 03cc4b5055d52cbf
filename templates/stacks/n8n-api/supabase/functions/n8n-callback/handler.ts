// Receives n8n's report on a run. n8n signs each delivery (Crypto node: HMAC, SHA256, hex) over
// `<timestamp>.<raw body>` with N8N_CALLBACK_SECRET and sends it from an HTTP Request node with
//   X-N8N-Timestamp: <unix seconds>   X-N8N-Signature: sha256=<hex>   Idempotency-Key: <delivery id>
// Body: { "runId": "<uuid from the trigger>", "status": "succeeded", "output": {...}, "error": null }
import type { Env } from "../_shared/env.ts";
import { errorResponse, type Handler, isRecord, isUuid, json } from "../_shared/http.ts";
import { verifySha256Signature } from "../_shared/signature.ts";

/** Deliveries signed longer ago than this, or this far in the future, are refused as replays. */
export const MAX_AGE_SECONDS = 5 * 60;

export const STATUSES = ["running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = typeof STATUSES[number];

export interface Callback {
  deliveryId: string;
  runId: string;
  status: RunStatus;
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

const DELIVERY_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function createHandler(deps: CallbackDeps): Handler {
  return async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST" });
    const secret = deps.env("N8N_CALLBACK_SECRET");
    if (!secret) return errorResponse(500, "callback not configured");

    const timestamp = req.headers.get("X-N8N-Timestamp") ?? "";
    const raw = await req.text();
    if (!/^\d{1,12}$/.test(timestamp)) return errorResponse(401, "missing or invalid timestamp");
    const signed = await verifySha256Signature(secret, `${timestamp}.${raw}`, req.headers.get("X-N8N-Signature"));
    if (!signed) return errorResponse(401, "invalid signature");
    if (Math.abs(deps.now() / 1000 - Number(timestamp)) > MAX_AGE_SECONDS) {
      return errorResponse(401, "stale timestamp");
    }

    const deliveryId = req.headers.get("Idempotency-Key") ?? "";
    if (!DELIVERY_ID.test(deliveryId)) {
      return errorResponse(400, "Idempotency-Key must be 8 to 128 of A-Z a-z 0-9 . _ : -");
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return errorResponse(400, "invalid JSON");
    }
    if (!isRecord(body) || !isUuid(body.runId)) return errorResponse(400, "runId must be a uuid");
    const status = body.status;
    if (typeof status !== "string" || !(STATUSES as readonly string[]).includes(status)) {
      return errorResponse(400, `status must be one of ${STATUSES.join(", ")}`);
    }

    const saved = await deps.saveCallback({
      deliveryId,
      runId: body.runId,
      status: status as RunStatus,
      output: isRecord(body.output) ? body.output : null,
      error: typeof body.error === "string" ? body.error.slice(0, 2000) : null,
    });
    if (!saved) return errorResponse(404, "unknown run");
    return json({ ok: true, duplicate: saved.duplicate });
  };
}
