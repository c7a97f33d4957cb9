// DELETE /api/tokens/<id>: revokes one of your tokens (admins: anyone's); it stops working at once.
import { parseNumericId } from "@/lib/api/refs";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { revokeToken } from "@/lib/auth/tokens";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "account", "token.revoke");
    const id = parseNumericId("token", (await params).id);
    return audited({ ...auditWho(who), action: "token.revoke", target: `token #${id}` }, async () =>
      revokeToken(id, who.user?.id ?? 0, who.role === "admin"),
    );
  });
}
