// POST /api/auth/login { username, password }: starts a session (httpOnly cookie). 401 on a wrong name or
// password, 429 after too many failures from one address.
import { loginBody } from "@/lib/api/auth";
import { signIn } from "@/lib/auth/account";
import { guardPublicChange } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    guardPublicChange(request);
    const body = await readJson(request, loginBody);
    const { user, setCookie } = await signIn(request, body.username, body.password);
    return json({ user }, 200, { "Set-Cookie": setCookie });
  });
}
