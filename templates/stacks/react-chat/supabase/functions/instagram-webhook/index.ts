// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
import { storeDeliveryStatuses, storeInboundMessages } from "../_shared/chat-store.ts";
import { denoEnv } from "../_shared/env.ts";
import { createHandler } from "./handler.ts";

Deno.serve(createHandler({ env: denoEnv, store: storeInboundMessages, storeStatuses: storeDeliveryStatuses }));
