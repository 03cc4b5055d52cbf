// Lets an admin notify the installers assigned to an installation (a new job, a changed date).
import { withCors } from "../_shared/cors.ts";
import { errorResponse, type Handler, isUuid, json, readJsonObject } from "../_shared/http.ts";
// The request's keys, the broadcast's topic, event and payload keys: CLAUDE.md and the agents describe the same file.
import contract from "./contract.json" with { type: "json" };

/** What notify-installer reads, answers and broadcasts. */
export const NOTIFY = contract;
const { installationKey, installerKey, messageKey } = NOTIFY.request;

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
 * POST `{ "installation_id": uuid, "installer_id"?: uuid, "message"?: string }` (names from contract.json).
 * Without installer_id, every assigned installer is notified.
 */
export function createHandler(deps: NotifyDeps): Handler {
  return withCors(async (req) => {
    if (req.method !== "POST") return errorResponse(405, "method not allowed", { Allow: "POST, OPTIONS" });
    const caller = await deps.currentUser(req);
    if (!caller) return errorResponse(401, "sign in first");
    if (caller.role !== "admin") return errorResponse(403, "only admins notify installers");

    const body = await readJsonObject(req);
    const installationId = body?.[installationKey];
    const installerId = body?.[installerKey];
    if (!body || !isUuid(installationId)) return errorResponse(400, `${installationKey} must be a uuid`);
    if (installerId !== undefined && !isUuid(installerId)) return errorResponse(400, `${installerKey} must be a uuid`);
    const message = body[messageKey] ?? "You have been assigned to this installation.";
    if (typeof message !== "string" || message.trim() === "" || message.length > 500) {
      return errorResponse(400, `${messageKey} must be 1 to 500 characters`);
    }

    const installation = await deps.findInstallation(req, installationId);
    if (!installation) return errorResponse(404, "installation not found");
    const targets = installerId === undefined ? installation.installerIds : [installerId];
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
    return json({ [NOTIFY.replyKey]: targets });
  });
}
