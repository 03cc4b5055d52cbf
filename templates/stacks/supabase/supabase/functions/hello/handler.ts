import { withCors } from "../_shared/cors.ts";
import { errorResponse, type Handler, json, readJsonObject } from "../_shared/http.ts";

export interface HelloDeps {
  /** The signed-in user making the request, or null. */
  currentUser: (req: Request) => Promise<{ id: string; email: string | null } | null>;
}

/** Greets the signed-in user. GET, or POST with `{ "name": "..." }`. */
export function createHandler(deps: HelloDeps): Handler {
  return withCors(async (req) => {
    if (req.method !== "GET" && req.method !== "POST") {
      return errorResponse(405, "method not allowed", { Allow: "GET, POST, OPTIONS" });
    }
    const user = await deps.currentUser(req);
    if (!user) return errorResponse(401, "sign in first");

    let name = user.email ?? user.id;
    if (req.method === "POST") {
      const body = await readJsonObject(req);
      if (!body) return errorResponse(400, "expected a JSON object");
      if (body.name !== undefined) {
        if (typeof body.name !== "string" || body.name.trim() === "" || body.name.length > 100) {
          return errorResponse(400, "name must be a string of 1 to 100 characters");
        }
        name = body.name.trim();
      }
    }
    return json({ message: `Hello, ${name}!`, userId: user.id });
  });
}
