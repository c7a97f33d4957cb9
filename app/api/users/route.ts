// Admins manage users. GET: every user. POST { username, password, role }: adds one.
import { newUserBody } from "@/lib/api/auth";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { createUser, listUsers } from "@/lib/auth/users";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    guard(request, "admin");
    return listUsers();
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "user.create");
    const body = await readJson(request, newUserBody);
    const what = {
      action: "user.create",
      target: `user ${body.username}`,
      params: { username: body.username, role: body.role },
    };
    const user = await audited(
      { ...auditWho(who), ...what },
      () => createUser(body.username, body.password, body.role),
      201,
    );
    return json(user, 201);
  });
}
