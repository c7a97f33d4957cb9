"use client";
// The reach page: the matrix of who reaches whom (filtered by engine, network, tier, Compose project; grouped at
// scale), kept current by the live stream, and beside it the answer for the chosen cell in words. The filters and
// the chosen pair are in the URL, so a link shows the same thing.
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { ReachMatrixDto, ReachPairDto } from "@/lib/api/reach";
import type { TopologyDto } from "@/lib/api/types";
import { useLiveTopology } from "@/lib/client/live";
import { useLiveQuery } from "@/lib/client/live-query";
import { TIER_NAME } from "@/lib/topology/tiers";
import { ConnectionIndicator } from "../ConnectionIndicator";
import { type Cell, MatrixLegend, ReachMatrix } from "./ReachMatrix";
import { ReachPanel } from "./ReachPanel";

interface Props {
  initial: TopologyDto | null;
  canOperate: boolean;
}

const FILTERS = ["engine", "network", "tier", "project", "group"] as const;
/** Firewall rules change without a Docker event: the matrix is read again this often. */
const REFRESH_MS = 10_000;

/** The API reference of a matrix member: "outside", or its first container as engine/id. */
function refOf(matrix: ReachMatrixDto, index: number): string | null {
  const m = matrix.members[index];
  if (!m) return null;
  if (m.key === "outside") return "outside";
  const first = m.members[0];
  return first ? `${first.engine}/${first.id}` : null;
}

export function ReachView({ initial, canOperate }: Props) {
  const live = useLiveTopology(initial);
  // The URL's choices to begin with; then the page's own state, written back to the URL (for links and reloads)
  // without a server round trip.
  const initialParams = useSearchParams();
  const pathname = usePathname();
  const [params, setParamsState] = useState(() => new URLSearchParams(initialParams));
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  const matrixPath = `/api/reach${query.size ? `?${query}` : ""}`;
  const matrix = useLiveQuery<ReachMatrixDto>(matrixPath, live.version, REFRESH_MS, true);
  const from = params.get("from");
  const to = params.get("to");
  const pair = useLiveQuery<{ pair: ReachPairDto }>(
    from && to ? `/api/reach?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : null,
    live.version,
    REFRESH_MS,
    true,
  );

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    setParamsState(next);
    window.history.replaceState(window.history.state, "", `${pathname}?${next}`);
  };

  const data = matrix.data;
  const selected: Cell | null = useMemo(() => {
    if (!data || !from || !to) return null;
    const index = (ref: string) =>
      data.members.findIndex((m) =>
        ref === "outside" ? m.key === "outside" : m.members.some((x) => `${x.engine}/${x.id}` === ref),
      );
    const row = index(from);
    const col = index(to);
    return row >= 0 && col >= 0 ? { row, col } : null;
  }, [data, from, to]);

  const topology = live.topology;
  const networks = useMemo(
    () =>
      (topology?.networks ?? []).filter((n) => !n.configOnly).sort((a, b) => a.name.localeCompare(b.name)),
    [topology],
  );
  const projects = useMemo(
    () =>
      [
        ...new Set(
          (topology?.containers ?? [])
            .map((c) => c.labels["com.docker.compose.project"])
            .filter((p): p is string => !!p),
        ),
      ].sort(),
    [topology],
  );
  const engines = topology?.engines ?? [];
  const select = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
  const rowGroup = selected && data ? data.members[selected.row] : null;
  const colGroup = selected && data ? data.members[selected.col] : null;

  return (
    <div className="flex h-full min-h-0">
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="border-b border-slate-200 bg-white px-4 py-2">
          <div className="mb-2 flex items-start justify-between gap-4">
            <div>
              <h1 className="text-lg font-semibold">Reach</h1>
              <p className="text-xs text-slate-600">
                Who can reach whom by IP, over which network. Click a cell for why, by which names, and the
                fix.
              </p>
            </div>
            <ConnectionIndicator connection={live.connection} feeds={live.feeds} onResync={live.resync} />
          </div>
          <div className="flex flex-wrap items-end gap-3">
            <label className="flex flex-col text-xs">
              Engine
              <select
                className={select}
                value={params.get("engine") ?? ""}
                onChange={(e) => setParams({ engine: e.target.value })}
              >
                <option value="">all</option>
                {engines.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.hostname ?? e.id}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-xs">
              Network
              <select
                className={select}
                value={params.get("network") ?? ""}
                onChange={(e) => setParams({ network: e.target.value })}
              >
                <option value="">any</option>
                {networks.map((n) => (
                  <option key={`${n.engine}/${n.id}`} value={n.id}>
                    {n.name}
                    {engines.length > 1 ? ` (${n.engine})` : ""}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-xs">
              Tier
              <select
                className={select}
                value={params.get("tier") ?? ""}
                onChange={(e) => setParams({ tier: e.target.value })}
              >
                <option value="">any</option>
                {(["public", "internal", "data"] as const).map((t) => (
                  <option key={t} value={t}>
                    {TIER_NAME[t]}
                  </option>
                ))}
              </select>
            </label>
            {projects.length ? (
              <label className="flex flex-col text-xs">
                Compose project
                <select
                  className={select}
                  value={params.get("project") ?? ""}
                  onChange={(e) => setParams({ project: e.target.value })}
                >
                  <option value="">any</option>
                  {projects.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="flex flex-col text-xs">
              Rows
              <select
                className={select}
                value={params.get("group") ?? "auto"}
                onChange={(e) => setParams({ group: e.target.value === "auto" ? null : e.target.value })}
              >
                <option value="auto">grouped when many</option>
                <option value="on">group alike containers</option>
                <option value="off">one per container</option>
              </select>
            </label>
          </div>
        </div>
        <div className="flex items-center justify-between gap-4 px-4 py-1">
          <MatrixLegend />
          {data ? (
            <p className="shrink-0 text-xs text-slate-500">
              {data.containers} container{data.containers === 1 ? "" : "s"}
              {data.grouped ? ` in ${data.members.length - 1} rows` : ""}
            </p>
          ) : null}
        </div>
        {data?.hosts.some((h) => h.unavailable) ? (
          <p className="mx-4 mb-1 rounded bg-slate-100 px-2 py-1 text-xs text-slate-700">
            {data.hosts
              .filter((h) => h.unavailable)
              .map((h) => `Engine ${h.engine}: ${h.unavailable}`)
              .join(" · ")}{" "}
            (its firewall cannot be checked: some answers are “unknown”).
          </p>
        ) : null}
        <div className="min-h-0 flex-1 overflow-auto px-4 pb-4">
          {matrix.error ? <p className="text-sm text-rose-800">{matrix.error.message}</p> : null}
          {data ? (
            data.members.length > 1 ? (
              <ReachMatrix
                matrix={data}
                selected={selected}
                onSelect={(cell) => setParams({ from: refOf(data, cell.row), to: refOf(data, cell.col) })}
              />
            ) : (
              <p className="text-sm text-slate-600">No container matches these filters.</p>
            )
          ) : (
            <p className="text-sm text-slate-500">Working out the matrix…</p>
          )}
        </div>
      </div>
      <aside className="w-[28rem] shrink-0 overflow-y-auto border-l border-slate-200 bg-white">
        {rowGroup && colGroup && (rowGroup.members.length > 1 || colGroup.members.length > 1) ? (
          <p className="mx-3 mt-3 rounded bg-slate-100 p-2 text-xs text-slate-700">
            A row of several containers that behave alike: the answer for{" "}
            {[rowGroup, colGroup]
              .filter((g) => g.members.length > 1)
              .map((g) => `${g.members[0]?.name} holds for all ${g.members.length} of “${g.label}”`)
              .join(", and ")}
            .
          </p>
        ) : null}
        <ReachPanel
          pair={pair.data?.pair ?? null}
          loading={pair.loading}
          error={pair.error}
          canOperate={canOperate}
          topology={topology}
          mapHref={from && to ? `/?reach=${encodeURIComponent(`${from},${to}`)}` : null}
        />
      </aside>
    </div>
  );
}
