// POST /api/auth/logout: ends this session on the server (the cookie stops working everywhere at once) and
// clears the cookie.
import { emptyBody } from "@/lib/api/auth";
import { signOut } from "@/lib/auth/account";
import { guard } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "account", "auth.logout");
    await readJson(request, emptyBody);
    return json({ ok: true }, 200, { "Set-Cookie": signOut(request, who) });
  });
}
