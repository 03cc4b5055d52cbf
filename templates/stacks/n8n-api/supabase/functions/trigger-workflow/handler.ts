// Starts one of the caller's n8n workflows through its Webhook node.
// n8n side: a Webhook node at <N8N_WEBHOOK_BASE_URL>/<webhook_path> with Header Auth on the secret header,
// answering 202 at once; the workflow reports back to the n8n-callback function. The headers and the
// body's keys are those of `trigger` in ../_shared/contract.json, which n8n/README.md is written from.
import contract from "../_shared/contract.json" with { type: "json" };
import { withCors } from "../_shared/cors.ts";
import { type Env, MissingEnvError, requireEnv } from "../_shared/env.ts";
import { errorResponse, type Handler, isRecord, json, readJsonObject } from "../_shared/http.ts";

const { headers: HEADERS } = contract.trigger;
export const SECRET_HEADER = HEADERS.secret;

export interface Workflow {
  id: string;
  /** The path of the n8n Webhook node, e.g. "stock-analysis". */
  webhookPath: string;
}

export interface Run {
  id: string;
  status: string;
  /** False when a run with this idempotency key already existed. */
  created: boolean;
}

export interface TriggerDeps {
  env: Env;
  fetch: typeof fetch;
  /** Waits between attempts; tests pass one that only records the delays. */
  sleep: (ms: number) => Promise<void>;
  /** A fresh idempotency key when the caller sends none. */
  newKey: () => string;
  currentUser: (req: Request) => Promise<{ id: string } | null>;
  /** The caller's active workflow with this name (RLS: only their own), or null. */
  findWorkflow: (req: Request, name: string) => Promise<Workflow | null>;
  /** Creates the run for this idempotency key, or returns the one that exists. */
  startRun: (req: Request, run: { workflowId: string; idempotencyKey: string; input: unknown }) => Promise<Run>;
  /**
   * Records how the trigger went: n8n accepted it (running) or not (failed). Only a run still queued
   * changes: a callback that arrived first has already moved it on, and a run never moves back.
   */
  finishTrigger: (
    req: Request,
    runId: string,
    outcome: { status: "running" | "failed"; attempts: number; error: string | null },
  ) => Promise<void>;
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 500, timeoutMs: 10_000 };

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * POST `{ "workflow": "<name>", "input": {...} }`, optional `Idempotency-Key` header. Called from the
 * browser with supabase-js: CORS on every answer, errors as `{ "error": "..." }`.
 */
export function createHandler(deps: TriggerDeps, retry: RetryOptions = DEFAULT_RETRY): Handler {
  return withCors(async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST, OPTIONS" });
    const user = await deps.currentUser(req);
    if (!user) return errorResponse(401, "sign in first");

    const body = await readJsonObject(req);
    if (!body || typeof body.workflow !== "string" || body.workflow.trim() === "" || body.workflow.length > 200) {
      return errorResponse(400, "workflow must be the name of one of your workflows");
    }
    const input = body.input === undefined ? {} : body.input;
    if (!isRecord(input)) return errorResponse(400, "input must be a JSON object");
    const idempotencyKey = req.headers.get(HEADERS.idempotencyKey) ?? deps.newKey();
    if (!KEY.test(idempotencyKey)) {
      return errorResponse(400, `${HEADERS.idempotencyKey} must be 8 to 128 of A-Z a-z 0-9 . _ : -`);
    }

    let baseUrl: string, secret: string;
    try {
      baseUrl = requireEnv(deps.env, "N8N_WEBHOOK_BASE_URL");
      secret = requireEnv(deps.env, "N8N_WEBHOOK_SECRET");
    } catch (error) {
      if (error instanceof MissingEnvError) return errorResponse(500, `${error.variable} is not set`);
      throw error;
    }

    const workflow = await deps.findWorkflow(req, body.workflow);
    if (!workflow) return errorResponse(404, "no active workflow with that name");
    const run = await deps.startRun(req, { workflowId: workflow.id, idempotencyKey, input });
    // The same key again: answer with the run it started instead of starting n8n twice. A run still
    // queued (its first trigger never got an answer recorded) is sent to n8n again with the same key.
    if (!run.created && run.status !== "queued") {
      return json({ runId: run.id, status: run.status, idempotencyKey, duplicate: true });
    }

    const outcome = await callWithRetry(deps, retry, `${baseUrl.replace(/\/+$/, "")}/${workflow.webhookPath}`, {
      "Content-Type": "application/json",
      [HEADERS.secret]: secret,
      [HEADERS.idempotencyKey]: idempotencyKey,
    }, JSON.stringify({ runId: run.id, userId: user.id, input, idempotencyKey }));

    await deps.finishTrigger(req, run.id, {
      status: outcome.ok ? "running" : "failed",
      attempts: outcome.attempts,
      error: outcome.error,
    });
    if (!outcome.ok) return errorResponse(502, outcome.error ?? "n8n did not accept the request");
    return json({ runId: run.id, status: "running", idempotencyKey, attempts: outcome.attempts }, 202);
  });
}

interface Outcome {
  ok: boolean;
  attempts: number;
  error: string | null;
}

/**
 * POSTs to n8n, retrying 5xx answers, 429, network errors and timeouts with exponential backoff
 * (baseDelayMs, then 2x, 4x, ...). The same Idempotency-Key goes with every attempt, so n8n can drop
 * a repeat of a request that did arrive. Other 4xx answers are not retried.
 */
export async function callWithRetry(
  deps: Pick<TriggerDeps, "fetch" | "sleep">,
  retry: RetryOptions,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Outcome> {
  let error = "";
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    if (attempt > 1) await deps.sleep(retry.baseDelayMs * 2 ** (attempt - 2));
    try {
      const res = await deps.fetch(url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(retry.timeoutMs),
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, attempts: attempt, error: null };
      error = `n8n answered ${res.status}`;
      if (res.status < 500 && res.status !== 429) return { ok: false, attempts: attempt, error };
    } catch (cause) {
      error = cause instanceof DOMException && cause.name === "TimeoutError"
        ? `n8n did not answer within ${retry.timeoutMs} ms`
        : `n8n unreachable: ${cause instanceof Error ? cause.message : String(cause)}`;
    }
  }
  return { ok: false, attempts: retry.attempts, error };
}
