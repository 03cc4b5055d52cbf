// Lets an admin notify the installers assigned to an installation (a new job, a changed date).
import { withCors } from "../_shared/cors.ts";
import { errorResponse, type Handler, isUuid, json, readJsonObject } from "../_shared/http.ts";

export interface Caller {
  id: string;
  role: "admin" | "installer";
}

export interface Installation {
  id: string;
  title: string;
  scheduledFor: string | null;
  installerIds: string[];
}

export interface Notification {
  installerId: string;
  installationId: string;
  title: string;
  scheduledFor: string | null;
  message: string;
  sentBy: string;
}

export interface NotifyDeps {
  /** The signed-in user with their profile role, or null. */
  currentUser: (req: Request) => Promise<Caller | null>;
  /** The installation as the caller may see it (RLS), with its assigned installers, or null. */
  findInstallation: (req: Request, id: string) => Promise<Installation | null>;
  notify: (notification: Notification) => Promise<void>;
}

/**
 * POST `{ "installation_id": uuid, "installer_id"?: uuid, "message"?: string }`.
 * Without installer_id, every assigned installer is notified.
 */
export function createHandler(deps: NotifyDeps): Handler {
  return withCors(async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST, OPTIONS" });
    const caller = await deps.currentUser(req);
    if (!caller) return errorResponse(401, "sign in first");
    if (caller.role !== "admin") return errorResponse(403, "only admins notify installers");

    const body = await readJsonObject(req);
    if (!body || !isUuid(body.installation_id)) return errorResponse(400, "installation_id must be a uuid");
    if (body.installer_id !== undefined && !isUuid(body.installer_id)) {
      return errorResponse(400, "installer_id must be a uuid");
    }
    const message = body.message ?? "You have been assigned to this installation.";
    if (typeof message !== "string" || message.trim() === "" || message.length > 500) {
      return errorResponse(400, "message must be 1 to 500 characters");
    }

    const installation = await deps.findInstallation(req, body.installation_id);
    if (!installation) return errorResponse(404, "installation not found");
    const targets = body.installer_id === undefined ? installation.installerIds : [body.installer_id];
    if (targets.length === 0) return errorResponse(409, "no installer is assigned to this installation");
    if (targets.some((id) => !installation.installerIds.includes(id))) {
      return errorResponse(409, "that installer is not assigned to this installation");
    }

    for (const installerId of targets) {
      await deps.notify({
        installerId,
        installationId: installation.id,
        title: installation.title,
        scheduledFor: installation.scheduledFor,
        message: message.trim(),
        sentBy: caller.id,
      });
    }
    return json({ notified: targets });
  });
}
