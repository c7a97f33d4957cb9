"use client";
// "Prune unused networks": first the preview, exactly the networks that would go (read from Docker now), then
// one result per network. A network a container joined since the preview is skipped, not removed.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { networksRemoveCommand, type RemovalReport } from "@/lib/api/networks";
import type { NetworkDto } from "@/lib/api/types";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { CliHint } from "../Fields";
import { ProblemNote } from "./ProblemNote";

export function PruneButton({ engine }: { engine: string }) {
  const router = useRouter();
  const [preview, setPreview] = useState<NetworkDto[] | null>(null);
  const [results, setResults] = useState<RemovalReport[] | null>(null);
  /** Ids ticked for removal: all of the preview at first; a person may keep some. */
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const query = `?engine=${encodeURIComponent(engine)}`;

  const look = async () => {
    setBusy(true);
    setError(null);
    setResults(null);
    try {
      const { networks } = await api<{ networks: NetworkDto[] }>(`/api/networks-prune${query}`);
      setPreview(networks);
      setChosen(new Set(networks.map((n) => n.id)));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const prune = async () => {
    const ids = preview?.filter((n) => chosen.has(n.id)).map((n) => n.id) ?? [];
    if (!ids.length) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ results: RemovalReport[] }>("/api/networks-prune", {
        method: "POST",
        body: { engine, networks: ids },
      });
      setResults(answer.results);
      setPreview(null);
      router.refresh();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const nameOf = (ref: string) => preview?.find((n) => n.id === ref)?.name ?? ref.slice(0, 12);

  return (
    <div className="mb-3 text-sm">
      <button
        type="button"
        disabled={busy}
        onClick={look}
        className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50"
      >
        Prune unused networks…
      </button>
      {preview ? (
        <section
          aria-label="Prune preview"
          className="mt-2 max-w-xl rounded border border-amber-300 bg-amber-50 p-2"
        >
          {preview.length ? (
            <>
              <p>
                These {preview.length} networks have no container and would be removed (untick to keep one):
              </p>
              <ul className="my-1 pl-1 font-mono text-xs">
                {preview.map((n) => (
                  <li key={n.id}>
                    <label className="flex items-center gap-1">
                      <input
                        type="checkbox"
                        checked={chosen.has(n.id)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(n.id);
                          else next.delete(n.id);
                          setChosen(next);
                        }}
                      />
                      {n.name}
                    </label>
                  </li>
                ))}
              </ul>
              <CliHint
                command={
                  chosen.size === preview.length
                    ? "docker network prune"
                    : networksRemoveCommand(preview.filter((n) => chosen.has(n.id)).map((n) => n.name))
                }
              />
              <button
                type="button"
                disabled={busy || chosen.size === 0}
                onClick={prune}
                className="mt-2 rounded bg-red-700 px-3 py-1 text-white disabled:opacity-50"
              >
                Remove {chosen.size} network{chosen.size === 1 ? "" : "s"}
              </button>
            </>
          ) : (
            <p>Every network is in use (or one of Docker's own): nothing to prune.</p>
          )}
          <button
            type="button"
            onClick={() => setPreview(null)}
            className="mt-2 ml-2 rounded border bg-white px-3 py-1"
          >
            Cancel
          </button>
        </section>
      ) : null}
      {results ? (
        <ul aria-label="Prune results" className="mt-2 max-w-xl text-xs">
          {results.map((r) => (
            <li key={r.ref} className={r.result === "removed" ? "text-green-800" : "text-red-800"}>
              {r.name ?? nameOf(r.ref)}: {r.result === "removed" ? "removed" : `kept — ${r.error?.message}`}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ProblemNote error={error} /> : null}
    </div>
  );
}
