// Admins change a user's role (PATCH { role }) or remove them (DELETE; their sessions and tokens end).
// The last admin can be neither demoted nor removed, and nobody removes themselves.
import { userPatchBody } from "@/lib/api/auth";
import { parseNumericId } from "@/lib/api/refs";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { deleteUser, setRole, userById } from "@/lib/auth/users";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const label = (id: number) => `user ${userById(id)?.username ?? `#${id}`}`;

export function PATCH(request: Request, { params }: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "user.role");
    const id = parseNumericId("user", (await params).id);
    const body = await readJson(request, userPatchBody);
    return audited({ ...auditWho(who), action: "user.role", target: label(id), params: body }, async () =>
      setRole(id, body.role),
    );
  });
}

export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "user.remove");
    const id = parseNumericId("user", (await params).id);
    return audited({ ...auditWho(who), action: "user.remove", target: label(id) }, async () =>
      deleteUser(id, who.user?.id ?? null),
    );
  });
}
