import type { Handler } from "./http.ts";

/**
 * CORS for functions called from the browser with supabase-js (`supabase.functions.invoke`).
 * The caller authenticates with the Authorization header, not cookies, so any origin may call;
 * pass a single origin to restrict it.
 */
export function corsHeaders(origin = "*"): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Headers": "authorization, x-client-info, apikey, content-type",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Max-Age": "86400",
    ...(origin === "*" ? {} : { Vary: "Origin" }),
  };
}

/** Answers the OPTIONS preflight and adds the CORS headers to every response of `handler`. */
export function withCors(handler: Handler, origin = "*"): Handler {
  const headers = corsHeaders(origin);
  return async (req) => {
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers });
    const res = await handler(req);
    const merged = new Headers(res.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: merged });
  };
}
