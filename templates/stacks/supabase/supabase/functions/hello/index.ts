// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
import { currentUser } from "../_shared/supabase.ts";
import { createHandler } from "./handler.ts";

Deno.serve(createHandler({ currentUser }));
