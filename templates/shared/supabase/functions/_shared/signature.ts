const encoder = new TextEncoder();

/** HMAC-SHA256 of `data` with `secret`, as lowercase hex (Web Crypto). */
export async function hmacSha256Hex(secret: string, data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Compares two strings in time that depends only on their length, never on where they differ,
 * so an attacker cannot guess a signature byte by byte from response times.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Checks a header of the form `sha256=<hex>` (Meta's X-Hub-Signature-256, and the n8n callback)
 * against the HMAC-SHA256 of the raw payload. A missing or malformed header is a mismatch.
 */
export async function verifySha256Signature(
  secret: string,
  payload: string | Uint8Array<ArrayBuffer>,
  header: string | null,
): Promise<boolean> {
  const prefix = "sha256=";
  if (!header || !header.startsWith(prefix)) return false;
  const expected = await hmacSha256Hex(secret, payload);
  return timingSafeEqual(expected, header.slice(prefix.length).trim().toLowerCase());
}
