"use client";
// The engines table: each engine's health (re-read every 5 s), how it is reached, and for admins Test, Change
// and Remove (engines from the environment only Test), the add form and the docker contexts to import.
import { useCallback, useEffect, useState } from "react";
import type { EngineEntryDto, EngineListDto, EngineTestDto } from "@/lib/api/engines";
import { api } from "@/lib/client/api";
import { FormAlert } from "../auth/Field";
import { problemOf } from "../auth/problem";
import { TableHead } from "../auth/TableHead";
import { ContextImport } from "./ContextImport";
import { EngineForm } from "./EngineForm";
import { ago, healthSentence, healthWord, lagText, TONE_CLASS } from "./engine-health";
import { TestResult } from "./TestResult";

const CELL = "px-2 py-1.5 align-top";
const SMALL_BUTTON =
  "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50";
const KIND_LABEL = { unix: "socket", tcp: "TLS", ssh: "SSH" } as const;

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Origin({ engine }: { engine: EngineEntryDto }) {
  if (engine.source === "env") return <span>from the environment</span>;
  if (engine.context) return <span>docker context {engine.context}</span>;
  return engine.added ? <span>added by {engine.added.by}</span> : null;
}

export function EnginesPanel({ initial, admin }: { initial: EngineListDto; admin: boolean }) {
  const [engines, setEngines] = useState(initial.engines);
  const [problem, setProblem] = useState<string | null>(null);
  const [form, setForm] = useState<{ editing: EngineEntryDto | null } | null>(null);
  const [tests, setTests] = useState<Record<string, EngineTestDto | "running">>({});
  const now = useNow();

  const reload = useCallback(async () => {
    try {
      setEngines((await api<EngineListDto>("/api/engines")).engines);
    } catch (err) {
      setProblem(problemOf(err).message);
    }
  }, []);
  useEffect(() => {
    const timer = setInterval(() => void reload(), 5000);
    return () => clearInterval(timer);
  }, [reload]);

  async function test(engine: EngineEntryDto) {
    setTests((t) => ({ ...t, [engine.id]: "running" }));
    try {
      const result = await api<EngineTestDto>(`/api/engines/${engine.id}/test`, { method: "POST" });
      setTests((t) => ({ ...t, [engine.id]: result }));
    } catch (err) {
      setTests(({ [engine.id]: _gone, ...rest }) => rest);
      setProblem(problemOf(err).message);
    }
  }

  async function remove(engine: EngineEntryDto) {
    if (
      !window.confirm(
        `Remove engine ${engine.id}? It leaves the map, and its stored certificates or keys are deleted.`,
      )
    )
      return;
    setProblem(null);
    try {
      await api(`/api/engines/${engine.id}`, { method: "DELETE" });
      setEngines((list) => list.filter((e) => e.id !== engine.id));
    } catch (err) {
      setProblem(problemOf(err).message);
    }
  }

  function saved(engine: EngineEntryDto) {
    setForm(null);
    setEngines((list) =>
      [...list.filter((e) => e.id !== engine.id), engine].sort((a, b) => a.id.localeCompare(b.id)),
    );
    void reload();
  }

  return (
    <div>
      <FormAlert message={problem} />
      <table className="mt-2 w-full border-collapse bg-white text-sm" aria-label="Engines">
        <TableHead columns={["Engine", "Address", "Health", "Last event", "Lag", "Docker"]} actions={admin} />
        <tbody>
          {engines.map((e) => {
            const { word, tone } = healthWord(e.health);
            const result = tests[e.id];
            return [
              <tr key={e.id} className="border-b border-slate-100" data-engine={e.id}>
                <td className={CELL}>
                  <div className="font-medium">{e.id}</div>
                  <div className="text-xs text-slate-500">
                    <Origin engine={e} />
                    {e.description ? ` · ${e.description}` : ""}
                  </div>
                </td>
                <td className={CELL}>
                  <span className="mr-1 rounded bg-slate-100 px-1 text-xs text-slate-700">
                    {KIND_LABEL[e.kind]}
                  </span>
                  <span className="break-all font-mono text-xs">{e.address}</span>
                </td>
                <td className={CELL}>
                  <span
                    className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${TONE_CLASS[tone]}`}
                    data-health={e.health.state}
                  >
                    <span aria-hidden="true">● </span>
                    {word}
                  </span>
                  <div className="mt-0.5 max-w-xs text-xs text-slate-600" suppressHydrationWarning>
                    {healthSentence(e.health, now)}
                  </div>
                </td>
                <td className={`${CELL} whitespace-nowrap text-xs`} suppressHydrationWarning>
                  {ago(e.health.lastEventAt, now) ?? "none yet"}
                </td>
                <td className={`${CELL} whitespace-nowrap text-xs`}>{lagText(e.health.lagMs) ?? "—"}</td>
                <td className={`${CELL} text-xs`}>
                  {e.health.version ? (
                    <>
                      {e.health.version} · API {e.health.apiVersion}
                      <div className="text-slate-500">
                        {e.health.os}
                        {e.health.swarmRole ? ` · swarm ${e.health.swarmRole}` : ""}
                        {e.health.reconnects ? ` · ${e.health.reconnects} reconnects` : ""}
                      </div>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                {admin ? (
                  <td className={`${CELL} whitespace-nowrap text-right`}>
                    <div className="flex justify-end gap-1">
                      <button
                        type="button"
                        className={SMALL_BUTTON}
                        onClick={() => void test(e)}
                        disabled={result === "running"}
                      >
                        {result === "running" ? "Testing…" : "Test"}
                      </button>
                      {e.source === "ui" ? (
                        <>
                          <button
                            type="button"
                            className={SMALL_BUTTON}
                            onClick={() => setForm({ editing: e })}
                          >
                            Change
                          </button>
                          <button
                            type="button"
                            className={`${SMALL_BUTTON} text-red-700`}
                            onClick={() => void remove(e)}
                          >
                            Remove
                          </button>
                        </>
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>,
              result && result !== "running" ? (
                <tr key={`${e.id}-test`} className="border-b border-slate-100">
                  <td colSpan={admin ? 7 : 6} className="px-2 pb-2">
                    <TestResult result={result} />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
      {admin ? (
        <>
          {form ? (
            <EngineForm
              key={form.editing?.id ?? "new"}
              editing={form.editing}
              onSaved={saved}
              onCancel={() => setForm(null)}
            />
          ) : (
            <button
              type="button"
              className="mt-3 rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
              onClick={() => setForm({ editing: null })}
            >
              Add an engine
            </button>
          )}
          <ContextImport onImported={saved} />
        </>
      ) : null}
    </div>
  );
}
