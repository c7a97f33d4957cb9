"use client";
// "Remove network" for operators: says first which containers would lose this network, shows the docker
// command, and keeps Docker's reason when it refuses. Docker's own networks get no button, only why.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { networkRemoveCommand } from "@/lib/api/networks";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { CliHint } from "../Fields";
import { ProblemNote } from "./ProblemNote";

interface Props {
  engine: string;
  id: string;
  name: string;
  system: boolean;
  /** Names of the containers attached now: they would be cut off from each other on this network. */
  containers: string[];
  /** Where to go once it is gone (the detail page goes back to the list; the map stays). */
  after?: string;
  /** The tool that manages this network (a Compose project…), named before the change. */
  managedBy?: string | null;
  /** Ask at once (chosen from the map's context menu). */
  initiallyOpen?: boolean;
}

export function RemoveNetworkButton({
  engine,
  id,
  name,
  system,
  containers,
  after,
  managedBy,
  initiallyOpen = false,
}: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(initiallyOpen);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);

  if (system) {
    return <p className="mt-3 text-xs text-slate-500">Docker's own network: it cannot be removed.</p>;
  }
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/networks/${encodeURIComponent(id)}?engine=${encodeURIComponent(engine)}`, {
        method: "DELETE",
      });
      setDone(true);
      setConfirming(false);
      if (after) router.push(after);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <p role="status" className="mt-3 text-sm text-green-800">
        Network {name} removed.
      </p>
    );
  return (
    <div className="mt-3 text-sm">
      {confirming ? (
        <section
          aria-label={`Remove network ${name}`}
          className="rounded border border-amber-300 bg-amber-50 p-2"
        >
          <p className="font-medium">Remove network {name}?</p>
          {containers.length ? (
            <p className="mt-1">
              {containers.length} container{containers.length === 1 ? " is" : "s are"} on it (
              {containers.join(", ")}): Docker refuses until they are disconnected, and they would lose each
              other on this network.
            </p>
          ) : (
            <p className="mt-1">No container is on it.</p>
          )}
          {managedBy ? (
            <p className="mt-1 rounded bg-amber-100 p-1 text-xs">
              Managed by {managedBy}: that tool may create it again, or fail when it no longer finds it.
            </p>
          ) : null}
          <CliHint command={networkRemoveCommand(name)} />
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              disabled={busy}
              onClick={remove}
              className="rounded bg-red-700 px-3 py-1 text-white disabled:opacity-50"
            >
              {busy ? "Removing…" : "Remove"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded border px-3 py-1">
              Cancel
            </button>
          </div>
        </section>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded border border-red-300 px-3 py-1 text-red-800"
        >
          Remove network
        </button>
      )}
      {error ? <ProblemNote error={error} /> : null}
    </div>
  );
}
