// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
import { outboundStore, readSendTarget } from "../_shared/chat-store.ts";
import { denoEnv } from "../_shared/env.ts";
import { currentUser } from "../_shared/supabase.ts";
import { createHandler } from "./handler.ts";

Deno.serve(createHandler({ env: denoEnv, currentUser, readTarget: readSendTarget, store: outboundStore, fetch }));
