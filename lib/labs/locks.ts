// One run at a time per lab and engine: two students pressing "Run step" on the same lab would interleave their
// `docker run --name …` and each see the other's "already in use". A step, check, solution or reset holds the lab
// on every engine it touches until it ends; anyone else gets 409 "busy" at once (no queue: the page says so and
// the person tries again). Kept on globalThis so every route bundle shares the one table.
import "server-only";
import { AppError } from "@/lib/api/errors";

const HELD = Symbol.for("netatlas.labs.locks");
type GlobalWithLocks = typeof globalThis & { [HELD]?: Map<string, string> };

function held(): Map<string, string> {
  const g = globalThis as GlobalWithLocks;
  g[HELD] ??= new Map();
  return g[HELD];
}

const key = (lab: string, engine: string) => `${lab}@${engine}`;

/**
 * Takes lab `lab` on each of `engines` for `what` (e.g. "step 2"), all or none, or throws 409 naming what holds
 * it. The returned function gives them back (once).
 */
export function lockLab(lab: string, engines: string[], what: string): () => void {
  const table = held();
  for (const engine of engines) {
    const busy = table.get(key(lab, engine));
    if (busy !== undefined) {
      throw new AppError(
        "conflict",
        `Lab ${lab} is busy on engine ${engine} (${busy} is running): one run at a time per lab and engine; try again when it ends.`,
        null,
        { engine },
      );
    }
  }
  const keys = engines.map((engine) => key(lab, engine));
  for (const k of keys) table.set(k, what);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const k of keys) table.delete(k);
  };
}
