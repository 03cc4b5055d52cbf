import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { assert, assertEquals } from "./assert.ts";
import { supabaseEnv, verifiedUser } from "./auth.ts";
import { envFrom, MissingEnvError } from "./env.ts";

const userId = "5b0c5d0e-8c1a-4d38-9a4e-1f2a3b4c5d6e";
const signing = await generateKeyPair("ES256", { extractable: true });
const jwk = { ...await exportJWK(signing.publicKey), kid: "current", alg: "ES256", use: "sig" };
const settings = supabaseEnv(
  envFrom({ SUPABASE_URL: "http://127.0.0.1:54321", SUPABASE_JWKS: JSON.stringify({ keys: [jwk] }) }),
);

/** A token as Supabase Auth issues it, signed with `key` (the project's by default). */
function token(claims: Record<string, unknown> = {}, key = signing.privateKey, expires = "1h"): Promise<string> {
  return new SignJWT({ role: "authenticated", email: "ada@example.com", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: "current", typ: "JWT" })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key);
}

const request = (value?: string) =>
  new Request("http://localhost/functions/v1/hello", value ? { headers: { Authorization: `Bearer ${value}` } } : {});

Deno.test("verifiedUser returns the user of a token the project's keys sign", async () => {
  assertEquals(await verifiedUser(request(await token()), settings), { id: userId, email: "ada@example.com" });
});

Deno.test("verifiedUser refuses a missing, forged, expired or tampered token", async () => {
  assertEquals(await verifiedUser(request(), settings), null);
  const other = await generateKeyPair("ES256");
  assertEquals(await verifiedUser(request(await token({}, other.privateKey)), settings), null);
  assertEquals(await verifiedUser(request(await token({}, signing.privateKey, "-1m")), settings), null);
  const [header, , signature] = (await token()).split(".");
  const forged = btoa(JSON.stringify({ sub: userId, role: "service_role" })).replace(/=+$/, "");
  assertEquals(await verifiedUser(request(`${header}.${forged}.${signature}`), settings), null);
  assertEquals(await verifiedUser(request("not-a-jwt"), settings), null);
});

Deno.test("verifiedUser refuses keys and tokens of other roles", async () => {
  assertEquals(await verifiedUser(request(await token({ role: "anon" })), settings), null);
  assertEquals(await verifiedUser(request("sb_publishable_abc"), settings), null);
});

Deno.test("supabaseEnv reads the named keys, the single ones, then the legacy ones", () => {
  const base = { SUPABASE_URL: "https://ref.supabase.co", SUPABASE_JWKS: "[]" };
  const named = supabaseEnv(envFrom({
    ...base,
    SUPABASE_PUBLISHABLE_KEYS: '{"default":"sb_publishable_1"}',
    SUPABASE_PUBLISHABLE_KEY: "sb_publishable_2",
    SUPABASE_SECRET_KEYS: '{"default":"sb_secret_1"}',
    SUPABASE_ANON_KEY: "legacy",
  }));
  assertEquals(named.publishableKeys, { default: "sb_publishable_1" });
  assertEquals(named.secretKeys, { default: "sb_secret_1" });
  assertEquals(named.jwks, { keys: [] });
  const single = supabaseEnv(
    envFrom({ ...base, SUPABASE_PUBLISHABLE_KEY: "sb_publishable_2", SUPABASE_ANON_KEY: "legacy" }),
  );
  assertEquals(single.publishableKeys, { default: "sb_publishable_2" });
  const legacy = supabaseEnv(envFrom({ ...base, SUPABASE_ANON_KEY: "anon", SUPABASE_SERVICE_ROLE_KEY: "service" }));
  assertEquals([legacy.publishableKeys, legacy.secretKeys], [{ default: "anon" }, { default: "service" }]);
});

Deno.test("supabaseEnv says which setting is missing or wrong", () => {
  const fails = (values: Record<string, string>) => {
    try {
      supabaseEnv(envFrom(values));
    } catch (error) {
      return error;
    }
    return null;
  };
  const url = fails({ SUPABASE_JWKS: "[]" });
  assert(url instanceof MissingEnvError && url.variable === "SUPABASE_URL");
  const jwks = fails({ SUPABASE_URL: "https://ref.supabase.co" });
  assert(jwks instanceof MissingEnvError && jwks.variable === "SUPABASE_JWKS");
  const http = fails({ SUPABASE_URL: "https://ref.supabase.co", SUPABASE_JWKS_URL: "http://example.com/jwks.json" });
  assert(http instanceof Error && /https/.test(http.message));
  const local = supabaseEnv(
    envFrom({
      SUPABASE_URL: "http://127.0.0.1:54321",
      SUPABASE_JWKS_URL: "http://127.0.0.1:54321/auth/v1/.well-known/jwks.json",
    }),
  );
  assert(local.jwks instanceof URL);
  const keys = fails({
    SUPABASE_URL: "https://ref.supabase.co",
    SUPABASE_JWKS: "[]",
    SUPABASE_SECRET_KEYS: '"sb_secret_1"',
  });
  assert(keys instanceof Error && /SUPABASE_SECRET_KEYS/.test(keys.message));
});
