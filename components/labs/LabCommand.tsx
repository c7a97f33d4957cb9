"use client";
// One docker command of a step, shown before it runs (copyable, word for word what runs), and once run: where,
// how it ended and its output. Sizes come from the caller (the panel, or presenter mode's large type).
import { useState } from "react";
import type { LabCommand } from "@/lib/api/labs";
import type { CommandRun } from "./use-lab-runs";

export function CopyButton({ text, className = "" }: { text: string; className?: string }) {
  const [said, setSaid] = useState("");
  const copy = async () => {
    try {
      // Only in a secure context (https or localhost) is there a clipboard API.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setSaid("Copied");
    } catch {
      setSaid("Select and press Ctrl+C");
    }
    setTimeout(() => setSaid(""), 2500);
  };
  return (
    <button
      type="button"
      onClick={copy}
      className={`shrink-0 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 ${className}`}
    >
      {said || "Copy"}
    </button>
  );
}

export function LabCommandView({
  command,
  run,
  large = false,
}: {
  command: LabCommand;
  run: CommandRun | undefined;
  large?: boolean;
}) {
  const state = run ? (run.ok === null ? "running" : run.ok ? "ok" : "failed") : "waiting";
  const mark = { waiting: "", running: "…", ok: "✓", failed: "✗" }[state];
  return (
    <li className="space-y-1" data-command-state={state}>
      <div className="flex items-start gap-2">
        <span
          aria-hidden
          className={`w-4 shrink-0 font-bold ${state === "ok" ? "text-emerald-700" : state === "failed" ? "text-rose-700" : "text-slate-500"}`}
        >
          {mark}
        </span>
        <pre
          className={`min-w-0 flex-1 whitespace-pre-wrap break-all rounded bg-slate-900 px-2 py-1 font-mono text-slate-100 ${large ? "text-base" : "text-xs"}`}
        >
          <span className="select-none text-slate-400">$ </span>
          {command.line}
        </pre>
        {large ? null : <CopyButton text={command.line} />}
      </div>
      {command.expectFailure || command.on === "worker" ? (
        <p className={`pl-6 text-slate-600 ${large ? "text-base" : "text-xs"}`}>
          {command.on === "worker" ? "Runs on the swarm worker. " : ""}
          {command.expectFailure ? `Meant to fail with “${command.expectFailure}”.` : ""}
        </p>
      ) : null}
      {/* Presenter mode keeps to what the room needs: a command's words, and its output only when it failed. */}
      {run && (run.output.length > 0 || run.note || run.exitCode !== null) && (!large || run.ok === false) ? (
        <div className={`pl-6 ${large ? "text-base" : "text-xs"}`}>
          <p className="text-slate-600">
            {run.engine ? `on ${run.engine}` : ""}
            {run.exitCode !== null ? ` · exit ${run.exitCode}` : ""}
            {run.note ? ` · ${run.note}` : ""}
          </p>
          {run.output.length ? (
            // What went well is folded (often just the new container's id); a failure's output is open.
            <details open={run.ok !== true}>
              <summary className="cursor-pointer text-slate-600">
                Output ({run.output.length} line{run.output.length === 1 ? "" : "s"})
              </summary>
              <pre
                data-output
                className="mt-0.5 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded border border-slate-200 bg-slate-50 p-1.5 font-mono text-slate-800"
              >
                {(large ? run.output.slice(-6) : run.output).join("\n")}
              </pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
