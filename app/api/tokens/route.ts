// A signed-in person's API tokens. GET: theirs (never the secrets). POST { name, scope }: a new token, whose
// secret is in this answer only. An operator token, or an admin's audit token (the audit log for a log
// pipeline), needs the person's password { current } too.
import { newTokenBody } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { confirmPassword } from "@/lib/auth/account";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { createToken, listTokens } from "@/lib/auth/tokens";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "account");
    return listTokens(who.user?.id ?? 0);
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "account", "token.create");
    const body = await readJson(request, newTokenBody);
    const user = who.user;
    if (!user) throw new AppError("unauthenticated", "Sign in first.");
    const token = await audited(
      { ...auditWho(who), action: "token.create", target: `token "${body.name}"`, params: body },
      async () => {
        if (body.scope === "audit" && user.role !== "admin") {
          throw new AppError("forbidden", "Only admins can make an audit token (it reads the audit log).");
        }
        // A token that can change Docker, or read everyone's actions, outlives the session that made it: the
        // password proves it is the person, not someone at an unlocked screen.
        if (body.scope === "operator" || body.scope === "audit") {
          if (!body.current) {
            const message = `Enter your password to make an ${body.scope} token.`;
            throw new AppError("forbidden", message, null, { fields: [{ field: "current", message }] });
          }
          await confirmPassword(request, user, body.current);
        }
        return createToken(user.id, body.name, body.scope);
      },
      201,
    );
    return json(token, 201);
  });
}
