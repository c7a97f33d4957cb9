"use client";
// The operator's "New network" form: every option of `docker network create`, checked as you type with the
// same checks the server runs, and the exact docker command it amounts to shown live. The new network
// reaches the map through the live stream. It opens as a modal dialog (the browser's own <dialog>: the page
// behind is inert, Escape closes it) over the table instead of pushing the table down.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { networkCreateCommand } from "@/lib/api/networks";
import type { NetworkDto } from "@/lib/api/types";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { BasicFields } from "./create/BasicFields";
import { CommandPreview } from "./create/CommandPreview";
import { emptyForm, type FormState, type Update } from "./create/create-body";
import { DriverOptionsFieldset } from "./create/DriverOptionsFieldset";
import type { ProblemsOf } from "./create/FieldRow";
import { PoolsFieldset } from "./create/PoolsFieldset";
import { SpecialFieldset } from "./create/SpecialFieldset";
import { placed, slotsShown, validateCreate } from "./create/validate-create";
import { ProblemNote } from "./ProblemNote";

export function CreateNetworkForm({ engines, networks }: { engines: string[]; networks: NetworkDto[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<FormState>(() => emptyForm(engines[0] ?? ""));
  // Problems show for inputs a person has been in, or all after a submit: an empty form is not all red.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [attempts, setAttempts] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // The body the server refused, as JSON: its field problems stay next to the inputs until the body changes.
  const [refused, setRefused] = useState("");
  const [created, setCreated] = useState<NetworkDto | null>(null);

  const update: Update = (patch) => setState((s) => ({ ...s, ...patch }));
  // Pools, overlaps, taken names and config-only networks are per engine.
  const here = useMemo(
    () => (state.engine ? networks.filter((n) => n.engine === state.engine) : networks),
    [networks, state.engine],
  );
  const { body, problems } = useMemo(() => validateCreate(state, engines, here), [state, engines, here]);
  const visible = problems.filter((p) => submitted || touched.has(p.field));
  // Only the server can see some things (the engine host's interfaces); they say nothing of a changed body.
  const fromServer =
    error && refused === JSON.stringify(body) ? (error.body.fields ?? []).map((p) => placed(p, state)) : [];
  const problemsOf: ProblemsOf = (slot) => [
    ...new Set([...visible, ...fromServer].filter((p) => p.field === slot).map((p) => p.message)),
  ];
  const shown = slotsShown(state, engines.length > 1);
  const elsewhere = visible.filter((p) => !shown.has(p.field));

  // After a refused submit, take the person to the first thing to fix.
  useEffect(() => {
    if (attempts) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);

  // Modal only through showModal() (an `open` attribute would make it an ordinary box); then the first field.
  useEffect(() => {
    if (!open || !dialog.current || dialog.current.open) return;
    dialog.current.showModal();
    form.current?.querySelector<HTMLElement>("input, select, textarea")?.focus();
  }, [open]);

  const opener = (
    <button
      type="button"
      className="mb-3 rounded bg-blue-700 px-3 py-1 text-sm text-white"
      onClick={() => setOpen(true)}
    >
      New network
    </button>
  );
  if (!open) return opener;

  const touch = (target: EventTarget) => {
    const slot = (target as { name?: unknown }).name;
    if (typeof slot === "string" && slot && !touched.has(slot)) setTouched(new Set([...touched, slot]));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (problems.length) {
      setSubmitted(true);
      setAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const answer = await api<{ network: NetworkDto }>("/api/networks", { method: "POST", body });
      setCreated(answer.network);
      // A fresh form: the pools just taken would only clash with the network that now holds them.
      setState(emptyForm(state.engine));
      setTouched(new Set());
      setSubmitted(false);
      router.refresh();
    } catch (err) {
      setError(toApiError(err));
      setRefused(JSON.stringify(body));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {opener}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        // Escape, and the Close button below, close the dialog; the state follows it.
        onClose={() => setOpen(false)}
        className="w-full max-w-3xl rounded border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        <form
          ref={form}
          onSubmit={submit}
          onChange={(e) => touch(e.target)}
          onBlur={(e) => touch(e.target)}
          // Our checks speak for every input; the browser's own bubbles would say less, and only one at a time.
          noValidate
          aria-label="New network"
          className="p-3 text-sm"
        >
          <h2 id={titleId} className="mb-2 font-semibold">
            New network
          </h2>
          <BasicFields state={state} update={update} engines={engines} problems={problemsOf} />
          <PoolsFieldset state={state} update={update} problems={problemsOf} />
          <DriverOptionsFieldset state={state} update={update} problems={problemsOf} />
          <SpecialFieldset state={state} update={update} networks={here} problems={problemsOf} />
          <CommandPreview command={networkCreateCommand({ ...body, name: body.name || "NAME" })} />
          {elsewhere.length ? (
            <ul className="mt-2 list-disc pl-5 text-xs text-red-700">
              {elsewhere.map((p) => (
                <li key={`${p.field}:${p.message}`}>
                  <span className="font-mono">{p.field}</span>: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="mt-3 flex items-center gap-2">
            <button
              type="submit"
              disabled={busy || visible.length > 0}
              className="rounded bg-blue-700 px-3 py-1 text-white disabled:opacity-50"
            >
              {busy ? "Creating…" : "Create network"}
            </button>
            <button
              type="button"
              className="rounded border px-3 py-1"
              onClick={() => dialog.current?.close()}
            >
              Close
            </button>
            {visible.length ? (
              <span className="text-xs text-red-700">
                {visible.length === 1
                  ? "1 problem to fix first."
                  : `${visible.length} problems to fix first.`}
              </span>
            ) : null}
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
      </dialog>
    </>
  );
}
