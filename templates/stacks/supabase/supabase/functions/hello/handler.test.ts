import { assert, assertEquals } from "../_shared/assert.ts";
import { createHandler } from "./handler.ts";

const user = { id: "5b0c5d0e-8c1a-4d38-9a4e-1f2a3b4c5d6e", email: "ada@example.com" };
const signedIn = createHandler({ currentUser: () => Promise.resolve(user) });
const signedOut = createHandler({ currentUser: () => Promise.resolve(null) });
const url = "http://localhost/functions/v1/hello";

Deno.test("OPTIONS answers the CORS preflight without asking who is signed in", async () => {
  let asked = false;
  const handler = createHandler({
    currentUser: () => {
      asked = true;
      return Promise.resolve(user);
    },
  });
  const res = await handler(new Request(url, { method: "OPTIONS" }));
  assertEquals(res.status, 204);
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  assert(res.headers.get("Access-Control-Allow-Headers")?.includes("authorization"));
  assert(!asked);
});

Deno.test("GET greets the signed-in user, with CORS headers", async () => {
  const res = await signedIn(new Request(url));
  assertEquals(res.status, 200);
  assertEquals(await res.json(), { message: "Hello, ada@example.com!", userId: user.id });
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
});

Deno.test("POST uses the name from the body", async () => {
  const res = await signedIn(new Request(url, { method: "POST", body: JSON.stringify({ name: "Ada" }) }));
  assertEquals((await res.json()).message, "Hello, Ada!");
});

Deno.test("a bad body or name is a 400", async () => {
  assertEquals((await signedIn(new Request(url, { method: "POST", body: "not json" }))).status, 400);
  const long = JSON.stringify({ name: "x".repeat(101) });
  assertEquals((await signedIn(new Request(url, { method: "POST", body: long }))).status, 400);
});

Deno.test("without a signed-in user the answer is 401", async () => {
  const res = await signedOut(new Request(url));
  assertEquals(res.status, 401);
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
});

Deno.test("other methods are refused", async () => {
  assertEquals((await signedIn(new Request(url, { method: "DELETE" }))).status, 405);
});

Deno.test("a failing dependency is a 500 that still carries the CORS headers", async () => {
  const error = console.error;
  console.error = () => {};
  try {
    const handler = createHandler({ currentUser: () => Promise.reject(new Error("auth down")) });
    const res = await handler(new Request(url));
    assertEquals(res.status, 500);
    assertEquals(await res.json(), { error: "internal error" });
    assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  } finally {
    console.error = error;
  }
});
