"use client";
// /labs: every lab this server knows, with what it needs and whether it can run here (and why not); lab files
// that did not validate, with their errors (they name the line), for operators and admins.
import Link from "next/link";
import { useEffect, useState } from "react";
import type { LabsListDto } from "@/lib/api/labs";
import type { ApiErrorDetail } from "@/lib/api/types";
import { toApiError } from "@/lib/client/api";
import { listLabs } from "@/lib/client/labs";
import { ErrorScreen } from "../ErrorScreen";

const LEVEL: Record<string, string> = {
  beginner: "border-emerald-300 bg-emerald-50 text-emerald-900",
  intermediate: "border-sky-300 bg-sky-50 text-sky-900",
  advanced: "border-violet-300 bg-violet-50 text-violet-900",
};

export function LabsList({ showInvalid }: { showInvalid: boolean }) {
  const [list, setList] = useState<LabsListDto | null>(null);
  const [error, setError] = useState<ApiErrorDetail | null>(null);
  useEffect(() => {
    listLabs()
      .then(setList)
      .catch((err) => setError(toApiError(err).body));
  }, []);
  if (error) return <ErrorScreen error={error} />;
  if (!list) return <p className="text-sm">Loading the labs…</p>;
  return (
    <div className="space-y-6">
      {list.labs.length === 0 ? <p className="text-sm">No labs here yet.</p> : null}
      <ul aria-label="Labs" className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {list.labs.map((lab) => (
          <li
            key={lab.id}
            className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 shadow-sm"
          >
            <div className="flex items-start justify-between gap-2">
              <h2 className="font-semibold leading-tight">
                <Link href={`/labs/${lab.id}`} className="hover:underline">
                  {lab.title}
                </Link>
              </h2>
              <span className={`shrink-0 rounded border px-1.5 text-xs ${LEVEL[lab.level] ?? ""}`}>
                {lab.level}
              </span>
            </div>
            <p className="text-sm text-slate-700">{lab.summary}</p>
            <p className="text-xs text-slate-600">
              {lab.steps} step{lab.steps === 1 ? "" : "s"} ·{" "}
              {lab.needs === "swarm" ? "needs a swarm manager with a worker" : "one engine"}
              {lab.concepts.length ? ` · ${lab.concepts.join(", ")}` : ""}
            </p>
            <p
              className={`text-xs ${lab.runnable ? "text-emerald-800" : "text-amber-800"}`}
              data-runnable={lab.runnable}
            >
              {lab.runnable ? "Runs on this server." : `Cannot run here: ${lab.why ?? "unknown reason"}`}
            </p>
            <div className="mt-auto flex gap-2 text-sm">
              <Link
                href={`/labs/${lab.id}`}
                className="rounded border border-slate-800 bg-slate-800 px-2 py-0.5 text-white hover:bg-slate-700"
              >
                Open
              </Link>
              <Link
                href={`/labs/${lab.id}?present=1`}
                className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
              >
                Present
              </Link>
            </div>
          </li>
        ))}
      </ul>
      {showInvalid && list.invalid.length ? (
        <section aria-label="Lab files with errors" className="space-y-2">
          <h2 className="font-semibold text-rose-900">Lab files with errors ({list.invalid.length})</h2>
          <p className="text-xs text-slate-600">Not offered until fixed; each error names its line.</p>
          <ul className="space-y-2">
            {list.invalid.map((f) => (
              <li key={f.file} className="rounded border border-rose-300 bg-rose-50 p-2 text-sm">
                <p className="font-mono font-semibold">{f.file}</p>
                <ul className="list-disc pl-5 font-mono text-xs">
                  {f.errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
