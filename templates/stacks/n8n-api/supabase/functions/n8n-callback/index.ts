// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
// n8n has no user session, so this uses the service role, only after the signature was checked.
import { denoEnv } from "../_shared/env.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { type CallbackDeps, createHandler } from "./handler.ts";

// One transaction in the database (public.apply_workflow_callback, service role only): the delivery is
// stored once, the run moves forward only, and the delivery is marked processed.
const saveCallback: CallbackDeps["saveCallback"] = async (callback) => {
  const { data, error } = await serviceClient().rpc("apply_workflow_callback", {
    p_delivery_id: callback.deliveryId,
    p_run_id: callback.runId,
    p_status: callback.status,
    p_output: callback.output ?? null,
    p_error: callback.error ?? null,
  });
  if (error) throw new Error(`applying the callback failed: ${error.message}`);
  return data ? { duplicate: Boolean((data as { duplicate: boolean }).duplicate) } : null;
};

Deno.serve(createHandler({ env: denoEnv, now: Date.now, saveCallback }));
