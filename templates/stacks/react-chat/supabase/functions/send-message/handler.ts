import { SEND } from "../_shared/contract.ts";
import { withCors } from "../_shared/cors.ts";
import type { Env } from "../_shared/env.ts";
import { errorResponse, type Handler, isUuid, json, readJsonObject } from "../_shared/http.ts";
import {
  type OutboundStore,
  readSendAnswer,
  type SendOutcome,
  sendRequest,
  type SendTarget,
} from "../_shared/meta-send.ts";

export interface SendMessageDeps {
  env: Env;
  /** The signed-in user making the request, or null. */
  currentUser: (req: Request) => Promise<{ id: string } | null>;
  /** The conversation read as the caller (Row Level Security applies), or null when they cannot see it. */
  readTarget: (req: Request, conversationId: string) => Promise<SendTarget | null>;
  store: OutboundStore;
  fetch: typeof fetch;
  /** Where problems are reported; console.error unless given. */
  log?: (message: string, error?: unknown) => void;
}

const { conversationId: CONVERSATION_KEY, text: TEXT_KEY } = SEND.body;

/**
 * POST `{ conversationId, text }`: sends a text message to the conversation's contact through the
 * channel's API, as a member of the conversation's platform client, and returns the stored message.
 * 201 with `{ message }` when the platform accepted it; 502 with `{ error, message }` when it refused
 * (the message is kept as `failed`, with the platform's reason in delivery_error).
 */
export function createHandler(deps: SendMessageDeps): Handler {
  const log = deps.log ?? console.error;
  return withCors(async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST, OPTIONS" });
    const user = await deps.currentUser(req);
    if (!user) return errorResponse(401, "sign in first");

    const input = await readJsonObject(req);
    if (!input) return errorResponse(400, "expected a JSON object");
    const conversationId = input[CONVERSATION_KEY];
    const body = input[TEXT_KEY];
    if (!isUuid(conversationId)) return errorResponse(400, `${CONVERSATION_KEY} must be a conversation id`);
    if (typeof body !== "string" || body.trim() === "") {
      return errorResponse(400, `${TEXT_KEY} must be a non-empty string`);
    }

    // As the caller: a conversation of another platform client is not found, like one that does not exist.
    const target = await deps.readTarget(req, conversationId);
    if (!target) return errorResponse(404, "conversation not found");
    const channel = SEND.channels[target.channel];
    if (target.accountIds.length === 0) {
      return errorResponse(409, `no ${target.channel} account is connected to this client`);
    }
    if (target.accountIds.length > 1) {
      return errorResponse(
        409,
        `this client has several ${target.channel} accounts; conversations do not say which one to answer from`,
      );
    }
    if ([...body].length > channel.maxText) {
      return errorResponse(
        400,
        `${TEXT_KEY} is longer than ${channel.maxText} characters, the ${target.channel} limit`,
      );
    }
    const token = deps.env(channel.tokenVar);
    if (!token) {
      log(`send-message: ${channel.tokenVar} is not set`);
      return errorResponse(500, `sending on ${target.channel} is not configured`);
    }

    const pending = await deps.store.create({
      platformClientId: target.platformClientId,
      conversationId: target.conversationId,
      channel: target.channel,
      body,
      senderUserId: user.id,
    });
    const outcome = await send(deps.fetch, target, body, token, log);
    const message = await deps.store.settle(pending.id, outcome);
    if (outcome.status === "failed") return json({ error: outcome.error, message }, 502);
    return json({ message }, 201);
  });
}

async function send(
  fetcher: typeof fetch,
  target: SendTarget,
  body: string,
  token: string,
  log: (message: string, error?: unknown) => void,
): Promise<SendOutcome> {
  const { url, init } = sendRequest(target.channel, target.accountIds[0], target.recipientId, body, token);
  let res: Response;
  try {
    res = await fetcher(url, init);
  } catch (error) {
    log(`send-message: the ${target.channel} API is unreachable`, error);
    return { status: "failed", error: `the ${target.channel} API is unreachable` };
  }
  const answer: unknown = await res.json().catch(() => null);
  return readSendAnswer(target.channel, res.status, answer);
}
