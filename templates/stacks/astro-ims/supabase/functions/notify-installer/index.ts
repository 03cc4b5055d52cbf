// Wiring only: the logic is in handler.ts, tested by handler.test.ts.
import { denoEnv, requireEnv } from "../_shared/env.ts";
import { currentUser, secretKey, userClient } from "../_shared/supabase.ts";
import { type Caller, createHandler, type Installation, type Notification, NOTIFY } from "./handler.ts";

async function caller(req: Request): Promise<Caller | null> {
  const user = await currentUser(req);
  if (!user) return null;
  const { data } = await userClient(req).from("profiles").select("role").eq("id", user.id).maybeSingle();
  return data?.role === "admin" || data?.role === "installer" ? { id: user.id, role: data.role } : null;
}

async function findInstallation(req: Request, id: string): Promise<Installation | null> {
  const { data, error } = await userClient(req)
    .from("installations")
    .select("id, title, scheduled_for, installation_assignments(installer_id)")
    .eq("id", id)
    .maybeSingle();
  if (error) throw new Error(`reading the installation failed: ${error.message}`);
  if (!data) return null;
  return {
    id: data.id,
    title: data.title,
    scheduledFor: data.scheduled_for,
    installerIds: (data.installation_assignments ?? []).map((a: { installer_id: string }) => a.installer_id),
  };
}

// Sent as a Realtime broadcast on the private topic `installer:<id>`; the installer's PWA listens
// with supabase.channel(`installer:${userId}`, { config: { private: true } }) and shows a notification.
// Private topics need a policy on realtime.messages that lets each installer read their own topic.
async function notify(notification: Notification): Promise<void> {
  const key = secretKey();
  const res = await fetch(`${requireEnv(denoEnv, "SUPABASE_URL")}/realtime/v1/api/broadcast`, {
    method: "POST",
    headers: { apikey: key, Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      messages: [{
        topic: `${NOTIFY.topicPrefix}${notification.installerId}`,
        event: NOTIFY.event,
        payload: notification,
        private: true,
      }],
    }),
    signal: AbortSignal.timeout(10_000),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`broadcast failed with ${res.status}`);
}

Deno.serve(createHandler({ currentUser: caller, findInstallation, notify }));
