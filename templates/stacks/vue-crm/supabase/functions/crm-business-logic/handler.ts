// CRM rules that must hold whichever client calls: here, how an opportunity moves through the pipeline.
import { withCors } from "../_shared/cors.ts";
import { errorResponse, type Handler, isUuid, json, readJsonObject } from "../_shared/http.ts";
// The request, the stages and the moves between them: CLAUDE.md and the agents describe the same file.
import contract from "./contract.json" with { type: "json" };

/** The body keys of a stage move, and the key of the reply that holds the opportunity. */
export const MOVE_STAGE = contract.moveStage;

/** The pipeline, as in the opportunities.stage check constraint. */
export const STAGES: readonly string[] = contract.stages;
export type Stage = string;

/** Forward one step, or lost from any open stage; won and lost are final (the guard_opportunity_stage trigger agrees). */
const NEXT: Record<Stage, readonly Stage[]> = contract.transitions;

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (STAGES as readonly string[]).includes(value);
}

export interface Opportunity {
  id: string;
  stage: Stage;
  amount: number;
}

/** Why the move is not allowed, or null when it is. */
export function stageMoveError(opportunity: Opportunity, to: Stage): string | null {
  if (opportunity.stage === to) return `the opportunity is already ${to}`;
  if (!(NEXT[opportunity.stage] ?? []).includes(to)) return `cannot move from ${opportunity.stage} to ${to}`;
  if (to === "won" && !(opportunity.amount > 0)) return "a won opportunity needs an amount";
  return null;
}

export interface CrmDeps {
  currentUser: (req: Request) => Promise<{ id: string } | null>;
  /** The opportunity as the caller may see it (RLS: members of its organization), or null. */
  getOpportunity: (req: Request, id: string) => Promise<Opportunity | null>;
  /** Sets the stage only if it is still `from`; null when someone changed it meanwhile. */
  updateStage: (req: Request, id: string, from: Stage, to: Stage) => Promise<Opportunity | null>;
}

/** POST `{ "action": "move_stage", "opportunity_id": uuid, "stage": "qualified" }` (names from contract.json). */
export function createHandler(deps: CrmDeps): Handler {
  return withCors(async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST, OPTIONS" });
    if (!await deps.currentUser(req)) return errorResponse(401, "sign in first");

    const body = await readJsonObject(req);
    if (!body || body.action !== MOVE_STAGE.action) return errorResponse(400, `action must be "${MOVE_STAGE.action}"`);
    const id = body[MOVE_STAGE.idKey];
    const stage = body[MOVE_STAGE.stageKey];
    if (!isUuid(id)) return errorResponse(400, `${MOVE_STAGE.idKey} must be a uuid`);
    if (!isStage(stage)) return errorResponse(400, `${MOVE_STAGE.stageKey} must be one of ${STAGES.join(", ")}`);

    const opportunity = await deps.getOpportunity(req, id);
    if (!opportunity) return errorResponse(404, "opportunity not found");
    const problem = stageMoveError(opportunity, stage);
    if (problem) return errorResponse(422, problem);

    const updated = await deps.updateStage(req, opportunity.id, opportunity.stage, stage);
    if (!updated) return errorResponse(409, "the opportunity changed meanwhile; reload and try again");
    return json({ [MOVE_STAGE.replyKey]: updated });
  });
}
