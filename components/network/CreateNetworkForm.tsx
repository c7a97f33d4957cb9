"use client";
// The operator's "New network" form: name, driver, internal, attachable and labels, with the exact docker
// command it amounts to shown live. The new network reaches the map through the live stream.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { type CreateNetworkInput, networkCreateCommand } from "@/lib/api/networks";
import type { NetworkDto } from "@/lib/api/types";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { CliHint } from "../Fields";
import { ProblemNote } from "./ProblemNote";

const DRIVERS = ["bridge", "overlay", "macvlan", "ipvlan"];

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf("=");
    if (eq < 0) labels[trimmed] = "";
    else labels[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return labels;
}

export function CreateNetworkForm({ engines }: { engines: string[] }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [engine, setEngine] = useState(engines[0] ?? "");
  const [name, setName] = useState("");
  const [driver, setDriver] = useState("bridge");
  const [internal, setInternal] = useState(false);
  const [attachable, setAttachable] = useState(false);
  const [labelText, setLabelText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<NetworkDto | null>(null);

  const body: Omit<CreateNetworkInput, "engine"> = {
    name,
    driver,
    internal,
    attachable,
    labels: parseLabels(labelText),
  };

  if (!open) {
    return (
      <button
        type="button"
        className="mb-3 rounded bg-blue-700 px-3 py-1 text-sm text-white"
        onClick={() => setOpen(true)}
      >
        New network
      </button>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const answer = await api<{ network: NetworkDto }>("/api/networks", {
        method: "POST",
        body: { ...body, ...(engines.length > 1 ? { engine } : {}) },
      });
      setCreated(answer.network);
      setName("");
      router.refresh();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      aria-label="New network"
      className="mb-4 max-w-xl rounded border border-slate-200 bg-white p-3 text-sm"
    >
      <h2 className="mb-2 font-semibold">New network</h2>
      <div className="grid grid-cols-[8rem_1fr] items-center gap-2">
        {engines.length > 1 ? (
          <>
            <label htmlFor={`${id}-engine`}>Engine</label>
            <select
              id={`${id}-engine`}
              value={engine}
              onChange={(e) => setEngine(e.target.value)}
              className="rounded border px-2 py-1"
            >
              {engines.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </select>
          </>
        ) : null}
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="rounded border px-2 py-1 font-mono"
        />
        <label htmlFor={`${id}-driver`}>Driver</label>
        <select
          id={`${id}-driver`}
          value={driver}
          onChange={(e) => setDriver(e.target.value)}
          className="rounded border px-2 py-1"
        >
          {DRIVERS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <span />
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          Internal (no route outside the network)
        </label>
        <span />
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={attachable} onChange={(e) => setAttachable(e.target.checked)} />
          Attachable (swarm overlay: standalone containers may join)
        </label>
        <label htmlFor={`${id}-labels`}>Labels</label>
        <textarea
          id={`${id}-labels`}
          rows={2}
          placeholder="key=value, one per line"
          value={labelText}
          onChange={(e) => setLabelText(e.target.value)}
          className="rounded border px-2 py-1 font-mono text-xs"
        />
      </div>
      <CliHint command={networkCreateCommand({ ...body, name: body.name || "NAME" })} />
      <div className="mt-3 flex gap-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-blue-700 px-3 py-1 text-white disabled:opacity-50"
        >
          {busy ? "Creating…" : "Create network"}
        </button>
        <button type="button" className="rounded border px-3 py-1" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      {error ? <ProblemNote error={error} /> : null}
      {created ? (
        <p role="status" className="mt-2 text-green-800">
          Created network{" "}
          <Link className="font-mono underline" href={`/networks/${created.id}?engine=${created.engine}`}>
            {created.name}
          </Link>
          .
        </p>
      ) : null}
    </form>
  );
}
