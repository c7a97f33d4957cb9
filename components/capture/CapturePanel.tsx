"use client";
// Capture packets (operators): where (inside a container, on its interface in one network, or on a network's
// bridge), a filter from a small safe set (protocol, host, port), how long and how many; then the capture's
// progress, and when it ends what it caught in words (protocols, conversations, DNS) and the pcap to download
// (once: the file goes with the download, or 10 minutes after the capture ended).
import { type FormEvent, useEffect, useRef, useState } from "react";
import { CAPTURE_LIMITS, CAPTURE_PROTOCOLS, type CaptureDto, type CaptureRequest } from "@/lib/api/captures";
import type { ApiErrorDetail } from "@/lib/api/types";
import { api, toApiError } from "@/lib/client/api";
import { CommandPreview } from "../network/create/CommandPreview";
import { CaptureSummaryView } from "./CaptureSummaryView";

export interface CapturePlace {
  label: string;
  /** What the place adds to the request: on, container, network. */
  body: Pick<CaptureRequest, "on" | "container" | "network">;
}

const INPUT = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

export function CapturePanel({ engine, places }: { engine: string; places: CapturePlace[] }) {
  const [capture, setCapture] = useState<CaptureDto | null>(null);
  const [problem, setProblem] = useState<ApiErrorDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(
    () => () => {
      if (poll.current) clearInterval(poll.current);
    },
    [],
  );

  function follow(id: string) {
    if (poll.current) clearInterval(poll.current);
    poll.current = setInterval(async () => {
      try {
        const { capture: now } = await api<{ capture: CaptureDto }>(`/api/captures/${id}`);
        setCapture(now);
        if (now.state !== "running" && poll.current) clearInterval(poll.current);
      } catch (err) {
        setProblem(toApiError(err).body);
        if (poll.current) clearInterval(poll.current);
      }
    }, 1000);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const place = places[Number(form.get("place") ?? 0)] ?? places[0];
    if (!place) return;
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const filter: CaptureRequest["filter"] = {};
    if (text("protocol"))
      filter.protocol = text("protocol") as NonNullable<CaptureRequest["filter"]["protocol"]>;
    if (text("host")) filter.host = text("host");
    if (text("port")) filter.port = Number(text("port"));
    setBusy(true);
    setProblem(null);
    try {
      const { capture: started } = await api<{ capture: CaptureDto }>("/api/captures", {
        method: "POST",
        body: {
          ...place.body,
          engine,
          filter,
          seconds: Number(text("seconds") || 10),
          packets: Number(text("packets") || 1000),
        },
      });
      setCapture(started);
      follow(started.id);
    } catch (err) {
      setProblem(toApiError(err).body);
    } finally {
      setBusy(false);
    }
  }

  async function stop() {
    if (!capture) return;
    try {
      await api(`/api/captures/${capture.id}`, { method: "DELETE" });
    } catch (err) {
      setProblem(toApiError(err).body);
    }
  }

  const running = capture?.state === "running";
  return (
    <section aria-label="Capture" className="mt-3 rounded border border-slate-200 p-2">
      <h3 className="font-semibold">Capture packets</h3>
      <form onSubmit={submit} className="mt-1 flex flex-wrap items-end gap-2">
        <label className="flex min-w-48 flex-1 flex-col text-xs">
          Where
          <select className={INPUT} name="place">
            {places.map((p, i) => (
              <option key={p.label} value={i}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          Protocol
          <select className={INPUT} name="protocol" defaultValue="">
            <option value="">any</option>
            {CAPTURE_PROTOCOLS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="flex w-32 flex-col text-xs">
          Host (address)
          <input className={INPUT} name="host" autoComplete="off" placeholder="any" />
        </label>
        <label className="flex w-20 flex-col text-xs">
          Port
          <input className={INPUT} name="port" type="number" min={1} max={65535} placeholder="any" />
        </label>
        <label className="flex w-20 flex-col text-xs">
          Seconds
          <input
            className={INPUT}
            name="seconds"
            type="number"
            min={1}
            max={CAPTURE_LIMITS.maxSeconds}
            defaultValue={10}
          />
        </label>
        <label className="flex w-24 flex-col text-xs">
          Packets (max)
          <input
            className={INPUT}
            name="packets"
            type="number"
            min={1}
            max={CAPTURE_LIMITS.maxPackets}
            defaultValue={1000}
          />
        </label>
        {running ? (
          <button type="button" onClick={stop} className="rounded border border-slate-300 px-3 py-1 text-sm">
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-slate-800 px-3 py-1 text-sm text-white disabled:opacity-60"
          >
            Start capture
          </button>
        )}
      </form>
      <p className="mt-1 text-xs text-slate-500">
        At most {CAPTURE_LIMITS.maxSeconds} s, {CAPTURE_LIMITS.maxPackets.toLocaleString("en")} packets and 20
        MiB; the file is kept until you download it, or 10 minutes.
      </p>
      {problem ? (
        <p role="alert" className="mt-1 rounded border border-rose-300 bg-rose-50 p-2 text-sm text-rose-900">
          {problem.message}
        </p>
      ) : null}
      {capture ? (
        <div className="mt-2 space-y-2 text-sm">
          <CommandPreview command={capture.command} caption="the same capture by hand" />
          {running ? (
            <p role="status">
              Capturing on {capture.interface}… {capture.bytes.toLocaleString("en")} bytes so far.
            </p>
          ) : capture.state === "failed" ? (
            <p role="alert" className="text-rose-800">
              The capture failed: {capture.error}
            </p>
          ) : (
            <CaptureSummaryView capture={capture} />
          )}
        </div>
      ) : null}
    </section>
  );
}
