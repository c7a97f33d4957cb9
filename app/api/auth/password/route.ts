// POST /api/auth/password { current, password }: a signed-in person changes their own password; their other
// sessions end.
import { passwordChangeBody } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { verifyPassword } from "@/lib/auth/passwords";
import { changePassword } from "@/lib/auth/users";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "account", "user.password");
    const body = await readJson(request, passwordChangeBody);
    const user = who.user;
    if (!user) throw new AppError("unauthenticated", "Sign in first.");
    return audited(
      { ...auditWho(who), action: "user.password", target: `user ${user.username}` },
      async () => {
        if (!(await verifyPassword(body.current, user.password_hash))) {
          throw new AppError("forbidden", "The current password is not right.");
        }
        await changePassword(user.id, body.password, who.sessionId);
        return { ok: true };
      },
    );
  });
}
