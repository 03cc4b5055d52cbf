import { assert, assertEquals, spy } from "../_shared/assert.ts";
import { createHandler, type Opportunity, type Stage, stageMoveError } from "./handler.ts";

const user = { id: "a0000000-0000-4000-8000-000000000001" };
const url = "http://localhost/functions/v1/crm-business-logic";

function setup(opportunity: Opportunity | null, signedIn = true, raced = false) {
  const updateStage = spy((_req: Request, id: string, _from: Stage, to: Stage) =>
    Promise.resolve(raced ? null : { id, stage: to, amount: opportunity?.amount ?? 0 })
  );
  const handler = createHandler({
    currentUser: () => Promise.resolve(signedIn ? user : null),
    getOpportunity: (_req, id) => Promise.resolve(opportunity?.id === id ? opportunity : null),
    updateStage,
  });
  return { handler, updateStage };
}

const deal = (stage: Stage, amount = 12000): Opportunity => ({
  id: "d0000000-0000-4000-8000-000000000009",
  stage,
  amount,
});
const move = (stage: string, id = deal("lead").id) =>
  new Request(url, { method: "POST", body: JSON.stringify({ action: "move_stage", opportunity_id: id, stage }) });

Deno.test("the pipeline allows one step forward, or lost from any open stage; won and lost are final", () => {
  assertEquals(stageMoveError(deal("lead"), "qualified"), null);
  assertEquals(stageMoveError(deal("negotiation"), "won"), null);
  assertEquals(stageMoveError(deal("proposal"), "lost"), null);
  assertEquals(stageMoveError(deal("qualified"), "lead"), "cannot move from qualified to lead");
  assertEquals(stageMoveError(deal("lost"), "lead"), "cannot move from lost to lead");
  assertEquals(stageMoveError(deal("lead"), "won"), "cannot move from lead to won");
  assertEquals(stageMoveError(deal("won"), "lost"), "cannot move from won to lost");
  assertEquals(stageMoveError(deal("lost"), "won"), "cannot move from lost to won");
  assertEquals(stageMoveError(deal("proposal"), "proposal"), "the opportunity is already proposal");
  assertEquals(stageMoveError(deal("negotiation", 0), "won"), "a won opportunity needs an amount");
});

Deno.test("an allowed move is saved, with CORS headers", async () => {
  const { handler, updateStage } = setup(deal("lead"));
  const res = await handler(move("qualified"));
  assertEquals(res.status, 200);
  assertEquals((await res.json()).opportunity.stage, "qualified");
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  assertEquals(updateStage.calls.map(([, id, from, to]) => [id, from, to]), [[deal("lead").id, "lead", "qualified"]]);
});

Deno.test("a move the pipeline forbids is a 422 and nothing is saved", async () => {
  const { handler, updateStage } = setup(deal("lead"));
  const res = await handler(move("won"));
  assertEquals(res.status, 422);
  assertEquals((await res.json()).error, "cannot move from lead to won");
  assertEquals(updateStage.calls.length, 0);
});

Deno.test("a concurrent change is a 409", async () => {
  const { handler } = setup(deal("lead"), true, true);
  assertEquals((await handler(move("qualified"))).status, 409);
});

Deno.test("unknown opportunities, bad input and signed-out callers are refused", async () => {
  const { handler, updateStage } = setup(deal("lead"));
  assertEquals((await handler(move("qualified", "d0000000-0000-4000-8000-00000000000f"))).status, 404);
  assertEquals((await handler(move("closed"))).status, 400);
  assertEquals((await handler(move("qualified", "1"))).status, 400);
  assertEquals((await handler(new Request(url, { method: "POST", body: '{"action":"delete"}' }))).status, 400);
  assertEquals((await handler(new Request(url))).status, 405);
  assertEquals((await setup(deal("lead"), false).handler(move("qualified"))).status, 401);
  assertEquals(updateStage.calls.length, 0);
});

Deno.test("OPTIONS answers the CORS preflight", async () => {
  const res = await setup(null, false).handler(new Request(url, { method: "OPTIONS" }));
  assertEquals(res.status, 204);
  assert(res.headers.get("Access-Control-Allow-Headers")?.includes("content-type"));
});
