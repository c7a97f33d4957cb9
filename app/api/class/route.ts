// POST /api/class (operators): the presenter's browser publishes where the class is (lab, step, selection, the
// element pointed at, layout, viewport, positions when they changed); followers get it from GET
// /api/class/events. Not a Docker change, so not audited as one; validated, capped at CLASS_BODY_LIMIT and
// rate-limited per presenter (CLASS_RATE: 429 beyond, with Retry-After).
import { CLASS_BODY_LIMIT, classState } from "@/lib/api/class";
import { guard } from "@/lib/auth/guard";
import { classHub } from "@/lib/class/hub";
import { readJson } from "@/lib/http/body";
import { principalKey } from "@/lib/http/limits";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "class.publish");
    const state = await readJson(request, classState, CLASS_BODY_LIMIT);
    const message = classHub().publish(state, {
      key: principalKey(who),
      name: who.user?.username ?? "presenter",
    });
    return json({ seq: message.seq, at: message.at, followers: classHub().followers });
  });
}
