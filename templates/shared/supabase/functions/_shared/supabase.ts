// Supabase clients and the caller, for index.ts files only. Handlers and their tests never import this
// module: they receive what they need (the current user, a store) as plain functions.
import { createAdminClient, createContextClient } from "@supabase/server/core";
import type { SupabaseClient } from "@supabase/supabase-js";
import { supabaseEnv, type User, verifiedUser } from "./auth.ts";
import { denoEnv } from "./env.ts";
import { bearerToken } from "./http.ts";

export type { User } from "./auth.ts";

/** A client acting as the caller, with the publishable key and their token: Row Level Security applies. */
export function userClient(req: Request): SupabaseClient {
  return createContextClient({ env: supabaseEnv(denoEnv), auth: { token: bearerToken(req) } });
}

/** A client with the secret key. It bypasses RLS: use it only after checking who asks. */
export function serviceClient(): SupabaseClient {
  return createAdminClient({ env: supabaseEnv(denoEnv) });
}

/** The secret key itself, for Supabase APIs that supabase-js does not wrap. */
export function secretKey(): string {
  const keys = supabaseEnv(denoEnv).secretKeys;
  const key = keys.default ?? Object.values(keys)[0];
  if (!key) throw new Error("Set SUPABASE_SECRET_KEYS (or SUPABASE_SECRET_KEY) for the functions");
  return key;
}

/** The signed-in user making the request, verified against the project's signing keys, or null. */
export function currentUser(req: Request): Promise<User | null> {
  return verifiedUser(req, supabaseEnv(denoEnv));
}
