"use client";
// "Disconnect" for one container on one network: first what it will lose (which peers it can no longer reach
// on this network, and which it still reaches over another), the docker command, a force option; then
// Docker's answer. The map follows through the live stream.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { connectivityLoss, managedBy } from "@/lib/analysis/impact";
import { networkDisconnectCommand } from "@/lib/api/networks";
import type { TopologyDto } from "@/lib/api/types";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { CliHint } from "../Fields";
import { ProblemNote } from "./ProblemNote";

interface Props {
  topology: Pick<TopologyDto, "networks" | "containers" | "endpoints">;
  engine: string;
  networkId: string;
  containerId: string;
  /** Show the impact at once (chosen from the map's context menu). */
  initiallyOpen?: boolean;
}

export function DisconnectButton({ topology, engine, networkId, containerId, initiallyOpen = false }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(initiallyOpen);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const network = topology.networks.find((n) => n.engine === engine && n.id === networkId);
  const container = topology.containers.find((c) => c.engine === engine && c.id === containerId);
  if (!network || !container) return null;
  const label = `Disconnect ${container.name} from ${network.name}`;
  if (done)
    return (
      <p role="status" className="text-xs text-green-800">
        Disconnected {container.name}.
      </p>
    );
  if (!open) {
    return (
      <button
        type="button"
        aria-label={label}
        onClick={() => setOpen(true)}
        className="rounded border border-amber-400 px-2 py-0.5 text-xs text-amber-900"
      >
        Disconnect
      </button>
    );
  }
  const [loss] = connectivityLoss(topology, { engine, id: networkId }, [containerId]);
  const managers = [managedBy(network.labels), managedBy(container.labels)].filter(Boolean);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(
        `/api/networks/${encodeURIComponent(networkId)}/disconnect?engine=${encodeURIComponent(engine)}`,
        {
          method: "POST",
          body: { container: container.name, force },
        },
      );
      setDone(true);
      // Server-rendered pages read again; the map follows the live stream anyway.
      router.refresh();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      aria-label={label}
      className="mt-1 w-full rounded border border-amber-300 bg-amber-50 p-2 text-xs"
    >
      <p className="font-medium">{label}?</p>
      {loss?.loses.length ? (
        <p className="mt-1">
          It can no longer reach <strong>{loss.loses.join(", ")}</strong> (no other network joins them).
        </p>
      ) : (
        <p className="mt-1">
          It loses no peer{loss?.keeps.length ? "" : " (nobody else is on this network)"}.
        </p>
      )}
      {loss?.keeps.length ? (
        <p className="mt-1">
          Still reaches {loss.keeps.map((k) => `${k.peer} (over ${k.via.join(", ")})`).join("; ")}.
        </p>
      ) : null}
      {managers.map((m) => (
        <p key={m as string} className="mt-1 rounded bg-amber-100 p-1">
          Managed by {m}: it may put this connection back.
        </p>
      ))}
      <label className="mt-1 flex items-center gap-1">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Force (also
        when the container is gone or stuck)
      </label>
      <CliHint command={networkDisconnectCommand(network.name, { container: container.name, force })} />
      <div className="mt-1 flex gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={run}
          className="rounded bg-amber-700 px-2 py-0.5 text-white disabled:opacity-50"
        >
          {busy ? "Disconnecting…" : "Disconnect"}
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded border bg-white px-2 py-0.5">
          Cancel
        </button>
      </div>
      {error ? <ProblemNote error={error} /> : null}
    </section>
  );
}
