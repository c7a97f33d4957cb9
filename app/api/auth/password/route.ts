// POST /api/auth/password { current, password, revokeTokens? }: a signed-in person changes their own
// password; their other sessions end, and with revokeTokens ("sign out everywhere") every API token too.
// A wrong current password counts against the sign-in limits.
import { passwordChangeBody } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { confirmPassword } from "@/lib/auth/account";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { revokeAllTokens } from "@/lib/auth/tokens";
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
      {
        ...auditWho(who),
        action: "user.password",
        target: `user ${user.username}`,
        params: { revokeTokens: body.revokeTokens },
      },
      async () => {
        await confirmPassword(request, user, body.current);
        await changePassword(user.id, body.password, who.sessionId);
        const revokedTokens = body.revokeTokens ? revokeAllTokens(user.id) : 0;
        return { ok: true, revokedTokens };
      },
    );
  });
}
