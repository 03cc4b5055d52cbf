// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
// n8n has no user session, so this uses the service role, only after the signature was checked.
import { denoEnv } from "../_shared/env.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { type CallbackDeps, createHandler } from "./handler.ts";

const UNIQUE_VIOLATION = "23505";

const saveCallback: CallbackDeps["saveCallback"] = async (callback) => {
  const db = serviceClient();
  const { data: run, error: runError } = await db.from("workflow_runs").select("id, owner_id")
    .eq("id", callback.runId).maybeSingle();
  if (runError) throw new Error(`reading the run failed: ${runError.message}`);
  if (!run) return null;

  // unique (owner_id, source, delivery_id): a second delivery of the same event stops here.
  const { data: event, error } = await db.from("webhook_events").insert({
    owner_id: run.owner_id,
    workflow_run_id: run.id,
    source: "n8n",
    delivery_id: callback.deliveryId,
    event_type: `run.${callback.status}`,
    payload: { status: callback.status, output: callback.output, error: callback.error },
  }).select("id").single();
  if (error?.code === UNIQUE_VIOLATION) return { duplicate: true };
  if (error) throw new Error(`saving the callback failed: ${error.message}`);

  const now = new Date().toISOString();
  const finished = callback.status !== "running";
  const { error: updateError } = await db.from("workflow_runs").update({
    status: callback.status,
    ...(callback.output ? { output: callback.output } : {}),
    ...(callback.error ? { error: callback.error } : {}),
    ...(finished ? { finished_at: now } : {}),
  }).eq("id", run.id);
  if (updateError) throw new Error(`updating the run failed: ${updateError.message}`);
  await db.from("webhook_events").update({ processed_at: now }).eq("id", event.id);
  return { duplicate: false };
};

Deno.serve(createHandler({ env: denoEnv, now: Date.now, saveCallback }));
