// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
// Reads and writes go through the caller's own client, so the owner RLS policies apply.
import { denoEnv } from "../_shared/env.ts";
import { currentUser, userClient } from "../_shared/supabase.ts";
import { createHandler, type TriggerDeps } from "./handler.ts";

const findWorkflow: TriggerDeps["findWorkflow"] = async (req, name) => {
  const { data, error } = await userClient(req).from("workflow_definitions").select("id, webhook_path")
    .eq("name", name).eq("is_active", true).maybeSingle();
  if (error) throw new Error(`reading the workflow failed: ${error.message}`);
  return data ? { id: data.id, webhookPath: data.webhook_path } : null;
};

const startRun: TriggerDeps["startRun"] = async (req, run) => {
  const db = userClient(req);
  const { data: inserted, error } = await db.from("workflow_runs").upsert({
    workflow_definition_id: run.workflowId,
    idempotency_key: run.idempotencyKey,
    input: run.input,
  }, { onConflict: "owner_id,idempotency_key", ignoreDuplicates: true }).select("id, status");
  if (error) throw new Error(`creating the run failed: ${error.message}`);
  if (inserted && inserted.length > 0) return { id: inserted[0].id, status: inserted[0].status, created: true };
  const { data: existing, error: readError } = await db.from("workflow_runs").select("id, status")
    .eq("idempotency_key", run.idempotencyKey).single();
  if (readError) throw new Error(`reading the run failed: ${readError.message}`);
  return { id: existing.id, status: existing.status, created: false };
};

const finishTrigger: TriggerDeps["finishTrigger"] = async (req, runId, outcome) => {
  const now = new Date().toISOString();
  const { error } = await userClient(req).from("workflow_runs").update({
    status: outcome.status,
    attempts: outcome.attempts,
    error: outcome.error,
    started_at: outcome.status === "running" ? now : null,
    finished_at: outcome.status === "failed" ? now : null,
  }).eq("id", runId).eq("status", "queued");
  if (error) throw new Error(`updating the run failed: ${error.message}`);
};

Deno.serve(createHandler({
  env: denoEnv,
  fetch,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  newKey: () => crypto.randomUUID(),
  currentUser,
  findWorkflow,
  startRun,
  finishTrigger,
}));
