import { assert, assertEquals, spy } from "../_shared/assert.ts";
import { type Caller, createHandler, type Installation, type Notification, NOTIFY } from "./handler.ts";

const admin: Caller = { id: "a0000000-0000-4000-8000-000000000001", role: "admin" };
const installer: Caller = { id: "b0000000-0000-4000-8000-000000000002", role: "installer" };
const otherInstaller = "b0000000-0000-4000-8000-000000000003";
const installation: Installation = {
  id: "c0000000-0000-4000-8000-000000000004",
  title: "Heat pump, 12 Garden Lane",
  scheduledFor: "2026-03-02T08:00:00.000Z",
  installerIds: [installer.id],
};
const url = "http://localhost/functions/v1/notify-installer";

function setup(caller: Caller | null, found: Installation | null = installation) {
  const notify = spy((_n: Notification) => Promise.resolve());
  const handler = createHandler({
    currentUser: () => Promise.resolve(caller),
    findInstallation: (_req, id) => Promise.resolve(found && found.id === id ? found : null),
    notify,
  });
  return { handler, notify };
}

const post = (body: unknown) => new Request(url, { method: "POST", body: JSON.stringify(body) });

Deno.test("OPTIONS answers the CORS preflight", async () => {
  const res = await setup(null).handler(new Request(url, { method: "OPTIONS" }));
  assertEquals(res.status, 204);
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  assert(res.headers.get("Access-Control-Allow-Methods")?.includes("POST"));
});

Deno.test("an admin notifies every assigned installer", async () => {
  const { handler, notify } = setup(admin);
  const res = await handler(post({ installation_id: installation.id }));
  assertEquals(res.status, 200);
  assertEquals(await res.json(), { notified: [installer.id] });
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  assertEquals(notify.calls, [[{
    installerId: installer.id,
    installationId: installation.id,
    title: installation.title,
    scheduledFor: installation.scheduledFor,
    message: "You have been assigned to this installation.",
    sentBy: admin.id,
  }]]);
});

Deno.test("an admin notifies one named installer with a message", async () => {
  const { handler, notify } = setup(admin);
  const res = await handler(
    post({ installation_id: installation.id, installer_id: installer.id, message: " Moved to 9:00 " }),
  );
  assertEquals(res.status, 200);
  assertEquals(notify.calls[0][0].message, "Moved to 9:00");
});

Deno.test("an installer who is not assigned cannot be notified", async () => {
  const { handler, notify } = setup(admin);
  const res = await handler(post({ installation_id: installation.id, installer_id: otherInstaller }));
  assertEquals(res.status, 409);
  assertEquals(notify.calls.length, 0);
});

Deno.test("no assigned installer is a 409, an unknown installation a 404", async () => {
  const empty = setup(admin, { ...installation, installerIds: [] });
  assertEquals((await empty.handler(post({ installation_id: installation.id }))).status, 409);
  const missing = setup(admin, null);
  assertEquals((await missing.handler(post({ installation_id: installation.id }))).status, 404);
});

Deno.test("installers and signed-out callers cannot notify", async () => {
  const asInstaller = setup(installer);
  assertEquals((await asInstaller.handler(post({ installation_id: installation.id }))).status, 403);
  const signedOut = setup(null);
  const res = await signedOut.handler(post({ installation_id: installation.id }));
  assertEquals(res.status, 401);
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "*");
  assertEquals(asInstaller.notify.calls.length + signedOut.notify.calls.length, 0);
});

Deno.test("bad input is a 400 and notifies nobody", async () => {
  const { handler, notify } = setup(admin);
  assertEquals((await handler(post({ installation_id: "42" }))).status, 400);
  assertEquals((await handler(post({ installation_id: installation.id, installer_id: 7 }))).status, 400);
  assertEquals((await handler(post({ installation_id: installation.id, message: "" }))).status, 400);
  assertEquals((await handler(post({ installation_id: installation.id, message: "x".repeat(501) }))).status, 400);
  assertEquals((await handler(new Request(url, { method: "POST", body: "{" }))).status, 400);
  assertEquals((await handler(new Request(url))).status, 405);
  assertEquals(notify.calls.length, 0);
});

Deno.test("the broadcast payload has exactly the keys contract.json names", async () => {
  const { handler, notify } = setup(admin);
  await handler(post({ installation_id: installation.id }));
  assertEquals(Object.keys(notify.calls[0][0]).sort(), [...NOTIFY.payloadKeys].sort());
});
