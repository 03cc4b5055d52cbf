// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
// Reads and writes go through the caller's own client, so the organization RLS policies apply.
import { currentUser, userClient } from "../_shared/supabase.ts";
import { createHandler, isStage, type Opportunity, type Stage } from "./handler.ts";

function toOpportunity(row: { id: string; stage: string; amount: number | string } | null): Opportunity | null {
  if (!row || !isStage(row.stage)) return null;
  return { id: row.id, stage: row.stage, amount: Number(row.amount) };
}

async function getOpportunity(req: Request, id: string): Promise<Opportunity | null> {
  const { data, error } = await userClient(req).from("opportunities").select("id, stage, amount").eq("id", id)
    .maybeSingle();
  if (error) throw new Error(`reading the opportunity failed: ${error.message}`);
  return toOpportunity(data);
}

async function updateStage(req: Request, id: string, from: Stage, to: Stage): Promise<Opportunity | null> {
  const { data, error } = await userClient(req).from("opportunities").update({ stage: to })
    .eq("id", id).eq("stage", from).select("id, stage, amount").maybeSingle();
  if (error) throw new Error(`updating the opportunity failed: ${error.message}`);
  return toOpportunity(data);
}

Deno.serve(createHandler({ currentUser, getOpportunity, updateStage }));
