"use client";
// "Remove network" for operators: says first which containers would lose this network, shows the docker
// command, and keeps Docker's reason, verbatim, when it refuses. What is known to be refused is not offered:
// Docker's own networks, and a network with containers on it, get a disabled button and the reason.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { networkRemoveCommand } from "@/lib/api/networks";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { CliHint } from "../Fields";
import { ProblemNote } from "./ProblemNote";
import { removalExplanation } from "./problem-text";

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
  const reasonId = useId();

  if (system) {
    return (
      <div className="mt-3 text-sm">
        <button
          type="button"
          disabled
          aria-describedby={reasonId}
          className="rounded border border-red-300 px-3 py-1 text-red-800 disabled:opacity-50"
        >
          Remove network
        </button>
        <p id={reasonId} className="mt-1 text-xs text-slate-500">
          Docker's own network: Docker never removes it.
        </p>
      </div>
    );
  }
  // The server refuses this before Docker is asked (Docker itself would, while any is running).
  const inUse = containers.length > 0;
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
          {inUse ? (
            <p id={reasonId} className="mt-1">
              {containers.length} container{containers.length === 1 ? " is" : "s are"} on it (
              {containers.join(", ")}): Docker refuses until they are disconnected, and they would lose each
              other on this network. Disconnect {containers.length === 1 ? "it" : "them"} first.
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
              disabled={busy || inUse}
              aria-describedby={inUse ? reasonId : undefined}
              title={inUse ? "Disconnect its containers first" : undefined}
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
      {error ? <ProblemNote error={error} explanation={removalExplanation(error.body)} /> : null}
    </div>
  );
}
