// First run. GET: whether Netatlas still waits for its first admin (public; says nothing else).
// POST { token, username, password }: creates the first admin with the one-time token and signs them in.
import { setupBody } from "@/lib/api/auth";
import { setUp } from "@/lib/auth/account";
import { guardPublicChange } from "@/lib/auth/guard";
import { refuseInternalHeaders } from "@/lib/auth/request";
import { setupPending } from "@/lib/auth/setup";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    refuseInternalHeaders(request);
    return { pending: setupPending() };
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    guardPublicChange(request);
    const body = await readJson(request, setupBody);
    const { user, setCookie } = await setUp(request, body.token, body.username, body.password);
    return json({ user }, 201, { "Set-Cookie": setCookie });
  });
}
