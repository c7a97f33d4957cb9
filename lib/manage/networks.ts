// Bulk network changes, each item audited and reported on its own: removing several networks, and pruning
// exactly the unused networks the preview showed (one that gained a container since is skipped, not removed).
import "server-only";
import { unusedNetworks } from "@/lib/analysis/impact";
import { AppError } from "@/lib/api/errors";
import type { RemovalReport } from "@/lib/api/networks";
import type { NetworkDto } from "@/lib/api/types";
import { audited } from "@/lib/auth/audit";
import { auditWho, type Principal } from "@/lib/auth/guard";
import type { EngineConfig } from "@/lib/docker/config";
import { readSnapshot } from "@/lib/docker/read";
import { removeNetwork, removeNetworks } from "@/lib/docker/write";

/** The engine's unused networks now (read from Docker, not the live store: a prune must not act on stale data). */
export async function prunePreview(engine: EngineConfig): Promise<NetworkDto[]> {
  const snapshot = await readSnapshot(engine);
  return unusedNetworks(snapshot, engine.id);
}

export function removeAudited(
  who: Principal,
  engine: EngineConfig,
  refs: string[],
  bulk: "remove" | "prune",
  allowed?: Set<string>,
): Promise<RemovalReport[]> {
  return removeNetworks(engine, refs, (ref) =>
    audited(
      { ...auditWho(who), action: "network.remove", target: `${engine.id}/${ref}`, params: { bulk } },
      async () => {
        if (allowed && !allowed.has(ref)) {
          throw new AppError(
            "conflict",
            `${ref} is not an unused network now (it was removed, or a container joined it); skipped.`,
          );
        }
        return removeNetwork(engine, ref);
      },
    ),
  );
}

/** Removes those of `ids` that are still unused; the rest are reported as skipped. */
export async function prune(who: Principal, engine: EngineConfig, ids: string[]): Promise<RemovalReport[]> {
  const unused = await prunePreview(engine);
  const allowed = new Set(unused.flatMap((n) => [n.id, n.name]));
  return removeAudited(who, engine, ids, "prune", allowed);
}
