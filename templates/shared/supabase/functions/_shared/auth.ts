// Who is calling: every function runs with verify_jwt = false (as `supabase functions new` sets it)
// and checks its caller in code. @supabase/server verifies a user's JWT against the project's
// signing keys (SUPABASE_JWKS, which Supabase sets for every function) without a round trip to Auth.
import { verifyAuth } from "@supabase/server/core";
import type { SupabaseEnv } from "@supabase/server";
import { type Env, MissingEnvError, requireEnv } from "./env.ts";

export interface User {
  id: string;
  email: string | null;
}

/**
 * The Supabase settings for @supabase/server, read from `env`: SUPABASE_URL; the keys from
 * SUPABASE_PUBLISHABLE_KEYS / SUPABASE_SECRET_KEYS (JSON objects of named keys, as Supabase sets them)
 * or the single SUPABASE_PUBLISHABLE_KEY / SUPABASE_SECRET_KEY, with the legacy SUPABASE_ANON_KEY /
 * SUPABASE_SERVICE_ROLE_KEY accepted when neither is set; the signing keys from SUPABASE_JWKS (a JSON
 * key set) or SUPABASE_JWKS_URL (https, or http on this machine).
 */
export function supabaseEnv(env: Env): SupabaseEnv {
  return {
    url: requireEnv(env, "SUPABASE_URL"),
    publishableKeys: keys(env, "SUPABASE_PUBLISHABLE_KEYS", "SUPABASE_PUBLISHABLE_KEY", "SUPABASE_ANON_KEY"),
    secretKeys: keys(env, "SUPABASE_SECRET_KEYS", "SUPABASE_SECRET_KEY", "SUPABASE_SERVICE_ROLE_KEY"),
    jwks: signingKeys(env),
  };
}

function keys(env: Env, named: string, single: string, legacy: string): Record<string, string> {
  const set = env(named);
  if (set) {
    const parsed: unknown = JSON.parse(set);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${named} must be a JSON object of named keys, like {"default":"..."}`);
    }
    return parsed as Record<string, string>;
  }
  const key = env(single) || env(legacy);
  return key ? { default: key } : {};
}

function signingKeys(env: Env): SupabaseEnv["jwks"] {
  const set = env("SUPABASE_JWKS");
  if (set) {
    const parsed = JSON.parse(set);
    return Array.isArray(parsed) ? { keys: parsed } : parsed;
  }
  const address = env("SUPABASE_JWKS_URL");
  if (!address) throw new MissingEnvError("SUPABASE_JWKS");
  const url = new URL(address);
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new Error("SUPABASE_JWKS_URL must use https (http only on this machine)");
  }
  return url;
}

/**
 * The signed-in user whose JWT (`Authorization: Bearer ...`) the project's signing keys verify, or
 * null: no token, a forged, expired or malformed one, or a key instead of a user's token. (Settings that
 * are missing or wrong throw in supabaseEnv, so that they show as a 500 in the logs rather than as 401s.)
 */
export async function verifiedUser(req: Request, settings: SupabaseEnv): Promise<User | null> {
  const { data, error } = await verifyAuth(req, { auth: "user", env: settings });
  if (error) return null;
  const claims = data.userClaims;
  if (!claims || claims.role !== "authenticated") return null;
  return { id: claims.id, email: claims.email ?? null };
}
