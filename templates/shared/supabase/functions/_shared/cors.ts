import { errorResponse, type Handler } from "./http.ts";

/**
 * CORS for functions called from the browser with supabase-js (`supabase.functions.invoke`).
 * The caller authenticates with the Authorization header, not cookies, so any origin may call;
 * pass a single origin to restrict it.
 */
export function corsHeaders(origin = "*"): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Headers": "authorization, x-client-info, apikey, content-type, idempotency-key",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Max-Age": "86400",
    ...(origin === "*" ? {} : { Vary: "Origin" }),
  };
}

/**
 * Answers the OPTIONS preflight and adds the CORS headers to every response of `handler`, including
 * the 500 sent when it throws (without them the browser would hide the error from the app).
 */
export function withCors(handler: Handler, origin = "*"): Handler {
  const headers = corsHeaders(origin);
  return async (req) => {
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers });
    let res: Response;
    try {
      res = await handler(req);
    } catch (error) {
      console.error(error);
      res = errorResponse(500, "internal error");
    }
    const merged = new Headers(res.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: merged });
  };
}
