"use client";
// The docker CLI contexts found on the server, one click each to make an engine of (TLS material comes along);
// an SSH context opens the form for the key and known_hosts line that contexts do not hold.
import { useCallback, useEffect, useState } from "react";
import {
  type DockerContextDto,
  type DockerContextListDto,
  type EngineEntryDto,
  engineIdForContext,
} from "@/lib/api/engines";
import { api } from "@/lib/client/api";
import { FormAlert } from "../auth/Field";
import { problemOf } from "../auth/problem";
import { TableHead } from "../auth/TableHead";
import { EngineForm } from "./EngineForm";

const CELL = "px-2 py-1.5 align-top";

export function ContextImport({ onImported }: { onImported(engine: EngineEntryDto): void }) {
  const [list, setList] = useState<DockerContextListDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sshContext, setSshContext] = useState<DockerContextDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await api<DockerContextListDto>("/api/engines/contexts"));
    } catch (err) {
      setProblem(problemOf(err).message);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function importOne(context: DockerContextDto) {
    if (context.kind === "ssh") {
      setSshContext(context);
      return;
    }
    setBusy(context.name);
    setProblem(null);
    try {
      const engine = await api<EngineEntryDto>("/api/engines/contexts", {
        method: "POST",
        body: { context: context.name, id: engineIdForContext(context.name) },
      });
      onImported(engine);
      await load();
    } catch (err) {
      setProblem(problemOf(err).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="mt-6" aria-label="Docker contexts">
      <h2 className="text-base font-semibold">Docker contexts on this server</h2>
      <p className="mb-2 max-w-3xl text-sm text-slate-600">
        From {list?.store ?? "the docker CLI's context store"} (the server can be pointed at another folder:
        docs/engines.md). Each comes over with its endpoint and TLS files.
      </p>
      <FormAlert message={problem} />
      {list && list.contexts.length === 0 ? (
        <p className="text-sm text-slate-500">No contexts there. `docker context create` makes them.</p>
      ) : null}
      {list && list.contexts.length > 0 ? (
        <table className="w-full border-collapse bg-white text-sm" aria-label="Docker contexts">
          <TableHead columns={["Context", "Endpoint", "TLS files", "Status"]} actions />
          <tbody>
            {list.contexts.map((c) => (
              <tr key={c.name} className="border-b border-slate-100" data-context={c.name}>
                <td className={CELL}>
                  <span className="font-medium">{c.name}</span>
                  {c.current ? <span className="ml-1 rounded bg-slate-100 px-1 text-xs">current</span> : null}
                  {c.description ? <div className="text-xs text-slate-500">{c.description}</div> : null}
                </td>
                <td className={`${CELL} break-all font-mono text-xs`}>{c.address}</td>
                <td className={`${CELL} text-xs`}>
                  {[c.tls.ca && "CA", c.tls.cert && "certificate", c.tls.key && "key"]
                    .filter(Boolean)
                    .join(", ") || "none"}
                </td>
                <td className={`${CELL} text-xs`}>
                  {c.importedAs ? `Imported as ${c.importedAs}` : c.needs ? c.needs : "Ready to import"}
                </td>
                <td className={`${CELL} text-right`}>
                  {c.importedAs || (c.needs && c.kind !== "ssh") ? null : (
                    <button
                      type="button"
                      className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
                      disabled={busy !== null}
                      onClick={() => void importOne(c)}
                    >
                      {busy === c.name ? "Importing…" : "Import"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {sshContext ? (
        <EngineForm
          editing={null}
          prefill={{
            id: engineIdForContext(sshContext.name),
            address: sshContext.address,
            context: sshContext.name,
          }}
          onSaved={(engine) => {
            setSshContext(null);
            onImported(engine);
            void load();
          }}
          onCancel={() => setSshContext(null)}
        />
      ) : null}
    </section>
  );
}
