// Supabase clients for index.ts files only. Handlers and their tests never import this module:
// they receive what they need (the current user, a store) as plain functions.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { denoEnv, requireEnv } from "./env.ts";
import { bearerToken } from "./http.ts";

const options = { auth: { persistSession: false, autoRefreshToken: false } };

/** A client acting as the caller: Row Level Security applies. */
export function userClient(req: Request): SupabaseClient {
  return createClient(requireEnv(denoEnv, "SUPABASE_URL"), requireEnv(denoEnv, "SUPABASE_ANON_KEY"), {
    ...options,
    global: { headers: { Authorization: req.headers.get("Authorization") ?? "" } },
  });
}

/** A client with the service role. It bypasses RLS: use it only after checking who asks. */
export function serviceClient(): SupabaseClient {
  return createClient(
    requireEnv(denoEnv, "SUPABASE_URL"),
    requireEnv(denoEnv, "SUPABASE_SERVICE_ROLE_KEY"),
    options,
  );
}

export interface User {
  id: string;
  email: string | null;
}

/** The signed-in user making the request, or null (no token, the anon key, or an expired token). */
export async function currentUser(req: Request): Promise<User | null> {
  const token = bearerToken(req);
  if (!token) return null;
  const { data, error } = await userClient(req).auth.getUser(token);
  if (error || !data.user) return null;
  return { id: data.user.id, email: data.user.email ?? null };
}
