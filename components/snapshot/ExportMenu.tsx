"use client";
// "Export" for a map: the picture as PNG (Cytoscape's own, whole map at twice the size, on the theme's background)
// or SVG (lib/snapshot/svg.ts, from what the canvas draws), and the data as a snapshot file with the chosen
// redactions: from GET /api/snapshot on the live map, or from the open snapshot itself in snapshot mode.
import type { Core } from "cytoscape";
import { useEffect, useId, useRef, useState } from "react";
import { REDACTIONS, type Redaction, type Snapshot, snapshotFileName } from "@/lib/snapshot/format";
import { redactSnapshot } from "@/lib/snapshot/redact";
import { writeSvg } from "@/lib/snapshot/svg";
import { currentTheme } from "../ThemeSwitch";
import { sceneOf } from "./export-scene";

interface Props {
  /** The canvas's Cytoscape instance (CanvasHandle.core), null before it exists. */
  core: () => Core | null;
  /** The start of the picture files' names: "<fileBase>-<time>.png". */
  fileBase: string;
  /** Snapshot mode: the snapshot shown, exported again (redacted here) instead of read from the server. */
  snapshot?: Snapshot | null;
}

const REDACTION_WORDS: Record<Redaction, string> = {
  labels: "label values",
  env: "secrets in labels and options",
  addresses: "IP and MAC addresses",
};

/** The page's background in the current theme: the picture looks as it does on screen. */
function background(): string {
  return currentTheme().dark ? "#0f172a" : "#ffffff";
}

function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file once the click returns; the URL can go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportMenu({ core, fileBase, snapshot = null }: Props) {
  const [redact, setRedact] = useState<Set<Redaction>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const id = useId();
  // A click elsewhere or Escape closes the menu, as a menu does.
  useEffect(() => {
    const close = (event: Event) => {
      const el = menu.current;
      if (!el?.open) return;
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !el.contains(event.target as Node))
        el.open = false;
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, []);

  const run = async (what: () => Promise<void>) => {
    setProblem(null);
    setBusy(true);
    try {
      await what();
      if (menu.current) menu.current.open = false;
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const png = () =>
    run(async () => {
      const cy = core();
      if (!cy) throw new Error("The map is not drawn yet.");
      const blob = (await cy.png({ full: true, scale: 2, bg: background(), output: "blob-promise" })) as Blob;
      download(blob, `${fileBase}-${stamp()}.png`);
    });

  const svg = () =>
    run(async () => {
      const cy = core();
      if (!cy) throw new Error("The map is not drawn yet.");
      const text = writeSvg(sceneOf(cy, background()), `Netatlas map, ${new Date().toISOString()}`);
      download(new Blob([text], { type: "image/svg+xml" }), `${fileBase}-${stamp()}.svg`);
    });

  const json = () =>
    run(async () => {
      const chosen = REDACTIONS.filter((r) => redact.has(r));
      if (snapshot) {
        const out = redactSnapshot(snapshot, chosen);
        download(
          new Blob([JSON.stringify(out)], { type: "application/json" }),
          snapshotFileName(out.takenAt),
        );
        return;
      }
      const query = chosen.length ? `?redact=${chosen.join(",")}` : "";
      const response = await fetch(`/api/snapshot${query}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
      }
      const name =
        /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
        `netatlas-snapshot-${stamp()}.json`;
      download(await response.blob(), name);
    });

  const item =
    "block w-full rounded px-2 py-1 text-left text-xs hover:bg-slate-100 disabled:cursor-wait disabled:opacity-60";
  return (
    <details ref={menu} className="relative">
      <summary className="cursor-pointer list-none rounded border border-slate-300 bg-white px-2 py-1 text-xs shadow-sm hover:bg-slate-100">
        Export
      </summary>
      <div
        role="menu"
        aria-label="Export"
        className="absolute left-0 z-20 mt-1 w-64 rounded border border-slate-300 bg-white p-1 shadow-lg"
      >
        <button type="button" role="menuitem" className={item} disabled={busy} onClick={png}>
          Picture (PNG)
        </button>
        <button type="button" role="menuitem" className={item} disabled={busy} onClick={svg}>
          Picture (SVG)
        </button>
        <div className="my-1 border-t border-slate-200" />
        <fieldset className="px-2 py-1 text-xs" aria-describedby={`${id}-what`}>
          <legend className="font-medium">Snapshot: leave out</legend>
          {REDACTIONS.map((r) => (
            <label key={r} className="flex items-center gap-1.5 py-0.5">
              <input
                type="checkbox"
                checked={redact.has(r)}
                onChange={(e) =>
                  setRedact((now) => {
                    const next = new Set(now);
                    if (e.target.checked) next.add(r);
                    else next.delete(r);
                    return next;
                  })
                }
              />
              {REDACTION_WORDS[r]}
            </label>
          ))}
          <p id={`${id}-what`} className="mt-1 text-[11px] leading-snug text-slate-500">
            Replaced consistently: the map, reach and findings keep their shape.
          </p>
        </fieldset>
        <button type="button" role="menuitem" className={item} disabled={busy} onClick={json}>
          Snapshot (JSON)
        </button>
        {problem ? (
          <p role="alert" className="px-2 py-1 text-xs text-rose-800">
            {problem}
          </p>
        ) : null}
      </div>
    </details>
  );
}
