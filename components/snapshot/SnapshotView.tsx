"use client";
// Snapshot mode (/snapshot): a snapshot file opened in the browser (file input or drop), shown with no engine and
// no server call: the map, the networks and containers tables, reach (matrix and pair answers), DNS and findings,
// all computed here by the pure lib/analysis from the file, read-only. A second file compares the two.
import { useMemo, useState } from "react";
import { containerDns, networkDns } from "@/lib/analysis/dns";
import { findings } from "@/lib/analysis/findings";
import { reachPair } from "@/lib/analysis/reach";
import { reachMatrix } from "@/lib/analysis/reach-matrix";
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { analyseSnapshot } from "@/lib/snapshot/analysis";
import { parseSnapshot, type Snapshot } from "@/lib/snapshot/format";
import { endpointAddresses, gateways, publishedPorts, subnets } from "@/lib/topology/format";
import { type Column, DataTable } from "../DataTable";
import { ContainerDnsTable, NetworkDnsTable } from "../dns/DnsTables";
import { elementNames } from "../findings/element-names";
import { type Cell, MatrixLegend, ReachMatrix } from "../reach/ReachMatrix";
import { ReachPanel } from "../reach/ReachPanel";
import { SnapshotCompare } from "./SnapshotCompare";
import { SnapshotMap } from "./SnapshotMap";

interface Opened {
  snapshot: Snapshot;
  file: string;
}

const TABS = ["Map", "Networks", "Containers", "Reach", "DNS", "Findings", "Compare"] as const;
type Tab = (typeof TABS)[number];

async function open(file: File): Promise<Opened> {
  return { snapshot: parseSnapshot(await file.text()), file: file.name };
}

/** "a (Docker 26.1.5), b (Docker 20.10.24)". */
export function enginesText(s: Snapshot): string {
  return s.engines.map((e) => `${e.hostname ?? e.id}${e.version ? ` (Docker ${e.version})` : ""}`).join(", ");
}

function takenText(s: Snapshot): string {
  return new Date(s.takenAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

function FilePicker({
  label,
  onOpen,
  onError,
}: {
  label: string;
  onOpen(o: Opened): void;
  onError(message: string): void;
}) {
  const [over, setOver] = useState(false);
  const take = (file: File | undefined) => {
    if (!file) return;
    open(file).then(onOpen, (err: Error) => onError(`${file.name}: ${err.message}`));
  };
  return (
    <label
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files[0]);
      }}
      className={`flex cursor-pointer flex-col items-center justify-center rounded border-2 border-dashed px-4 py-3 text-sm ${over ? "border-blue-500 bg-blue-50" : "border-slate-300 bg-white hover:bg-slate-50"}`}
    >
      <span className="font-medium">{label}</span>
      <span className="text-xs text-slate-500">choose a .json file, or drop it here</span>
      <input
        type="file"
        accept="application/json,.json"
        aria-label={label}
        className="sr-only"
        onChange={(e) => {
          take(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
    </label>
  );
}

export function SnapshotView() {
  const [main, setMain] = useState<Opened | null>(null);
  const [other, setOther] = useState<Opened | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("Map");
  const analysis = useMemo(() => (main ? analyseSnapshot(main.snapshot) : null), [main]);

  if (!main || !analysis)
    return (
      <div className="mx-auto max-w-2xl p-6">
        <h1 className="mb-2 text-lg font-semibold">Open a snapshot</h1>
        <p className="mb-4 text-sm text-slate-600">
          A snapshot is the whole map at one moment: networks, containers, their addresses and each host's
          firewall and routes. Take one with Export → Snapshot (JSON) on the map. It opens here without any
          engine, and nothing leaves this browser.
        </p>
        <FilePicker
          label="Open a snapshot"
          onOpen={(o) => {
            setProblem(null);
            setMain(o);
          }}
          onError={setProblem}
        />
        {problem ? (
          <p
            role="alert"
            className="mt-3 rounded border border-rose-300 bg-rose-50 p-2 text-sm text-rose-900"
          >
            {problem}
          </p>
        ) : null}
      </div>
    );

  const s = main.snapshot;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div
        role="status"
        aria-label="Snapshot mode"
        className="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950"
      >
        <strong>
          Snapshot of {enginesText(s)} taken {takenText(s)} — read-only
        </strong>
        <span className="text-xs">
          {main.file} · Netatlas {s.netatlasVersion}
          {s.redacted.length ? ` · redacted: ${s.redacted.join(", ")}` : ""}
        </span>
        <button
          type="button"
          className="ml-auto rounded border border-amber-400 bg-white px-2 py-0.5 text-xs hover:bg-amber-100"
          onClick={() => {
            setMain(null);
            setOther(null);
            setTab("Map");
          }}
        >
          Close
        </button>
      </div>
      {problem ? (
        <p role="alert" className="border-b border-rose-300 bg-rose-50 px-4 py-1 text-sm text-rose-900">
          {problem}
        </p>
      ) : null}
      <div
        role="tablist"
        aria-label="Snapshot views"
        className="flex gap-1 border-b border-slate-200 bg-white px-4 pt-2"
      >
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={`rounded-t border border-b-0 px-3 py-1 text-sm ${tab === t ? "border-slate-300 bg-slate-50 font-semibold" : "border-transparent text-slate-600 hover:bg-slate-50"}`}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab} className="min-h-0 flex-1 overflow-hidden">
        {tab === "Map" ? <SnapshotMap snapshot={s} model={analysis.model} /> : null}
        {tab === "Networks" ? (
          <div className="h-full overflow-auto p-4">
            <DataTable
              rows={analysis.model.networks.map((n) => ({
                network: n,
                containers: analysis.model.endpoints.filter(
                  (e) => e.engine === n.engine && e.networkId === n.id,
                ).length,
              }))}
              columns={NETWORK_COLUMNS}
              rowKey={(r) => `${r.network.engine}/${r.network.id}`}
              label="networks"
            />
          </div>
        ) : null}
        {tab === "Containers" ? (
          <div className="h-full overflow-auto p-4">
            <DataTable
              rows={analysis.model.containers.map((c) => ({
                container: c,
                endpoints: analysis.model.endpoints.filter(
                  (e) => e.engine === c.engine && e.containerId === c.id,
                ),
              }))}
              columns={CONTAINER_COLUMNS}
              rowKey={(r) => `${r.container.engine}/${r.container.id}`}
              label="containers"
            />
          </div>
        ) : null}
        {tab === "Reach" ? <SnapshotReach analysis={analysis} /> : null}
        {tab === "DNS" ? <SnapshotDns analysis={analysis} /> : null}
        {tab === "Findings" ? <SnapshotFindings snapshot={s} analysis={analysis} /> : null}
        {tab === "Compare" ? (
          <div className="h-full overflow-auto p-4">
            {other ? (
              <SnapshotCompare
                before={main}
                after={other}
                onSwap={() => {
                  setMain(other);
                  setOther(main);
                }}
                onClear={() => setOther(null)}
              />
            ) : (
              <div className="max-w-xl">
                <p className="mb-2 text-sm text-slate-600">
                  Open a second snapshot to see what was added, removed or changed since this one (networks,
                  containers, attachments; field by field).
                </p>
                <FilePicker
                  label="Open a snapshot to compare"
                  onOpen={(o) => {
                    setProblem(null);
                    setOther(o);
                  }}
                  onError={setProblem}
                />
              </div>
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}

type Analysis = ReturnType<typeof analyseSnapshot>;

interface NetworkRow {
  network: NetworkDto;
  containers: number;
}
interface ContainerRow {
  container: ContainerDto;
  endpoints: EndpointDto[];
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

// The live tables' columns, without their links to the live detail pages (a snapshot's objects may be gone).
const NETWORK_COLUMNS: Column<NetworkRow>[] = [
  { key: "name", header: "Name", value: (r) => r.network.name },
  { key: "driver", header: "Driver", value: (r) => r.network.driver },
  { key: "scope", header: "Scope", value: (r) => r.network.scope },
  { key: "subnet", header: "Subnet", value: (r) => subnets(r.network).join(", ") },
  { key: "gateway", header: "Gateway", value: (r) => gateways(r.network).join(", ") },
  { key: "internal", header: "Internal", value: (r) => yesNo(r.network.internal) },
  { key: "attachable", header: "Attachable", value: (r) => yesNo(r.network.attachable) },
  { key: "containers", header: "Containers", value: (r) => r.containers },
  { key: "engine", header: "Engine", value: (r) => r.network.engine },
];

const CONTAINER_COLUMNS: Column<ContainerRow>[] = [
  { key: "name", header: "Name", value: (r) => r.container.name },
  { key: "state", header: "State", value: (r) => r.container.state },
  { key: "image", header: "Image", value: (r) => r.container.image },
  { key: "mode", header: "Network mode", value: (r) => r.container.networkMode },
  {
    key: "networks",
    header: "Networks and addresses",
    value: (r) =>
      r.endpoints
        .map((e) => `${e.networkName}${e.ipv4Address || e.ipv6Address ? ` ${endpointAddresses(e)}` : ""}`)
        .join("; "),
  },
  { key: "ports", header: "Published ports", value: (r) => publishedPorts(r.container.ports).join(", ") },
  { key: "engine", header: "Engine", value: (r) => r.container.engine },
];

/** The matrix member's reference: "outside", or its first container as engine/id. */
function refOf(matrix: ReturnType<typeof reachMatrix>, index: number): string {
  const m = matrix.members[index];
  const first = m?.members[0];
  return !m || m.key === "outside" || !first ? "outside" : `${first.engine}/${first.id}`;
}

/** "outside", or an "engine/id" reference to the container it names (null when the snapshot has none). */
function partyOf(ix: Analysis["ix"], ref: string) {
  if (ref === "outside") return "outside" as const;
  const [engine, id] = ref.split("/");
  return ix.container(engine ?? "", id ?? "") ?? null;
}

function SnapshotReach({ analysis }: { analysis: Analysis }) {
  const { ix, model } = analysis;
  const matrix = useMemo(() => reachMatrix(ix, { group: "auto" }), [ix]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const pair = useMemo(() => {
    const a = from ? partyOf(ix, from) : null;
    const b = to ? partyOf(ix, to) : null;
    return a && b ? reachPair(ix, a, b) : null;
  }, [from, to, ix]);
  const selected = useMemo((): Cell | null => {
    const index = (ref: string) =>
      matrix.members.findIndex((m) =>
        ref === "outside" ? m.key === "outside" : m.members.some((x) => `${x.engine}/${x.id}` === ref),
      );
    const row = index(from);
    const col = index(to);
    return from && to && row >= 0 && col >= 0 ? { row, col } : null;
  }, [from, to, matrix]);
  const select = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
  const choices = (
    <>
      <option value="">choose…</option>
      <option value="outside">Outside</option>
      {model.containers.map((c) => (
        <option key={`${c.engine}/${c.id}`} value={`${c.engine}/${c.id}`}>
          {c.name}
          {model.engines.length > 1 ? ` (${c.engine})` : ""}
        </option>
      ))}
    </>
  );
  return (
    <div className="flex h-full min-h-0">
      <div className="min-w-0 flex-1 overflow-auto p-4">
        <div className="mb-2 flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-xs">
            From
            <select className={select} value={from} onChange={(e) => setFrom(e.target.value)}>
              {choices}
            </select>
          </label>
          <label className="flex flex-col text-xs">
            To
            <select className={select} value={to} onChange={(e) => setTo(e.target.value)}>
              {choices}
            </select>
          </label>
          <p className="ml-auto text-xs text-slate-500">
            {matrix.containers} container{matrix.containers === 1 ? "" : "s"}
            {matrix.grouped ? ` in ${matrix.members.length - 1} rows` : ""}
          </p>
        </div>
        <div className="mb-2">
          <MatrixLegend />
        </div>
        {matrix.members.length > 1 ? (
          <ReachMatrix
            matrix={matrix}
            selected={selected}
            onSelect={(cell) => {
              setFrom(refOf(matrix, cell.row));
              setTo(refOf(matrix, cell.col));
            }}
          />
        ) : (
          <p className="text-sm text-slate-600">No containers in this snapshot.</p>
        )}
      </div>
      <aside className="w-[28rem] shrink-0 overflow-y-auto border-l border-slate-200 bg-white">
        <ReachPanel
          pair={pair}
          loading={false}
          error={null}
          canOperate={false}
          topology={model}
          mapHref={null}
        />
      </aside>
    </div>
  );
}

function SnapshotDns({ analysis }: { analysis: Analysis }) {
  const { model, ix } = analysis;
  const networks = model.networks.filter((n) => !n.configOnly);
  const [choice, setChoice] = useState<string>(() => {
    const first = networks.find((n) => !n.system) ?? networks[0];
    return first ? `network:${first.engine}/${first.id}` : "";
  });
  const answer = useMemo(() => {
    const [kind, ref] = choice.split(":") as [string, string | undefined];
    const [engine, id] = (ref ?? "").split("/");
    if (kind === "network") {
      const n = model.networks.find((x) => x.engine === engine && x.id === id);
      return n ? { network: networkDns(ix, n) } : null;
    }
    const c = model.containers.find((x) => x.engine === engine && x.id === id);
    return c ? { container: containerDns(ix, c) } : null;
  }, [choice, model, ix]);
  return (
    <div className="h-full overflow-auto p-4">
      <label className="mb-3 flex max-w-md flex-col text-xs">
        Names on a network, or seen from a container
        <select
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        >
          <optgroup label="Networks">
            {networks.map((n) => (
              <option key={`${n.engine}/${n.id}`} value={`network:${n.engine}/${n.id}`}>
                {n.name}
                {model.engines.length > 1 ? ` (${n.engine})` : ""}
              </option>
            ))}
          </optgroup>
          <optgroup label="Containers">
            {model.containers.map((c) => (
              <option key={`${c.engine}/${c.id}`} value={`container:${c.engine}/${c.id}`}>
                {c.name}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <div className="max-w-4xl">
        {answer?.network ? <NetworkDnsTable dns={answer.network} /> : null}
        {answer?.container ? <ContainerDnsTable dns={answer.container} canCheck={false} /> : null}
      </div>
    </div>
  );
}

const SEVERITY_LOOK = {
  high: "bg-rose-700 text-white",
  medium: "bg-amber-500 text-amber-950",
  low: "bg-sky-600 text-white",
  info: "bg-slate-500 text-white",
} as const;

function SnapshotFindings({ snapshot, analysis }: { snapshot: Snapshot; analysis: Analysis }) {
  const result = useMemo(() => findings(analysis.ix, analysis.tiers), [analysis]);
  const names = useMemo(() => elementNames(snapshot.topology), [snapshot]);
  const unseen = snapshot.hostFacts.filter((h) => h.unavailable);
  return (
    <div className="h-full overflow-auto p-4">
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        What a careful reviewer would point out, as it stood when the snapshot was taken.
      </p>
      {unseen.length ? (
        <p className="mb-3 rounded bg-slate-100 px-2 py-1 text-xs text-slate-700">
          Not checked on: {unseen.map((h) => `${h.engine} (${h.unavailable})`).join("; ")}
        </p>
      ) : null}
      {result.findings.length === 0 ? <p className="text-sm text-slate-600">Nothing to point out.</p> : null}
      <ul className="max-w-4xl space-y-2" aria-label="Findings">
        {result.findings.map((f) => (
          <li
            key={f.id}
            className="rounded border border-slate-200 bg-white p-3"
            data-kind={f.kind}
            aria-label={f.title}
          >
            <div className="flex items-start gap-2">
              <span
                className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-semibold ${SEVERITY_LOOK[f.severity]}`}
              >
                {f.severity}
              </span>
              <h3 className="font-semibold leading-snug">{f.title}</h3>
            </div>
            <p className="mt-1 text-sm text-slate-700">{f.why}</p>
            <p className="mt-1 text-xs text-slate-600">
              {f.elements.map((id) => names.get(id) ?? id.split(":")[0]).join(", ")}
            </p>
            {f.fix ? (
              <div className="mt-2 text-sm">
                {f.fix.text}
                {f.fix.command ? (
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-1.5 text-xs">
                    {f.fix.command}
                  </pre>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
