// GET /api/auth/me: who is asking (session, token or anonymous viewer), their role, and what they may do.
import { sessionInfo } from "@/lib/auth/account";
import { guard } from "@/lib/auth/guard";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => sessionInfo(guard(request, "read")));
}
