"use client";
// One pair's answer in words: the verdict, the sentence that says why, the names A can use for B, every way A
// can try and what stops it, and the fix as a docker command (an operator can apply a connect at once).
import Link from "next/link";
import { useState } from "react";
import { judgeRoute, probeForRoute } from "@/lib/analysis/probe-check";
import type { FixDto, ReachPairDto, ReachRouteDto } from "@/lib/api/reach";
import type { ApiErrorDetail, ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { ConnectDialog } from "../network/ConnectDialog";
import { CommandPreview } from "../network/create/CommandPreview";
import { NameCheck } from "../probe/NameCheck";
import { ProbeCheck } from "../probe/ProbeCheck";
import { VerdictBadge } from "./verdicts";

interface Props {
  pair: ReachPairDto | null;
  loading: boolean;
  error: ApiErrorDetail | null;
  /** Operators may apply a "connect" fix with the Connect dialog. */
  canOperate: boolean;
  topology: { networks: NetworkDto[]; containers: ContainerDto[]; endpoints: EndpointDto[] } | null;
  /** Where "Show on map" goes; null on the map itself. */
  mapHref: string | null;
}

const ROUTE_WORDS: Record<ReachRouteDto["kind"], string> = {
  network: "over",
  loopback: "inside one network stack",
  host: "to the host",
  published: "through a published port",
  vip: "through the service VIP",
  outside: "out of the host",
};

function routeTitle(r: ReachRouteDto): string {
  const words = ROUTE_WORDS[r.kind];
  if (r.kind === "network")
    return `${words} ${r.network?.name ?? "a network"} (${r.network?.driver ?? "?"}) → ${r.to}`;
  return `${words}${r.network && r.kind !== "outside" ? ` via ${r.network.name}` : ""} → ${r.to}`;
}

function Fix({
  fix,
  canOperate,
  topology,
}: {
  fix: FixDto;
  canOperate: boolean;
  topology: Props["topology"];
}) {
  const [open, setOpen] = useState(false);
  return (
    <li className="rounded border border-slate-200 bg-slate-50 p-2">
      <p className="text-sm">{fix.text}</p>
      {fix.command ? <CommandPreview command={fix.command} caption="the fix, as a command" /> : null}
      {canOperate && fix.connect && topology ? (
        open ? (
          <ConnectDialog
            engine={fix.connect.engine}
            networks={topology.networks}
            containers={topology.containers}
            endpoints={topology.endpoints}
            networkId={fix.connect.networkId}
            containerId={fix.connect.containerId}
            onClose={() => setOpen(false)}
          />
        ) : (
          <button
            type="button"
            onClick={() => setOpen(true)}
            className="mt-2 rounded border border-blue-300 bg-white px-3 py-1 text-sm text-blue-800"
          >
            Apply: connect…
          </button>
        )
      ) : null}
    </li>
  );
}

/** Runs the real probe that tests one way A can try, and says whether the packets agree with the model. */
function RouteCheck({ pair, route }: { pair: ReachPairDto; route: ReachRouteDto }) {
  const probe = probeForRoute(pair.from, route);
  if (!probe) return null;
  return <ProbeCheck probe={probe} judge={(result) => judgeRoute(route.verdict, result)} />;
}

export function ReachPanel({ pair, loading, error, canOperate, topology, mapHref }: Props) {
  if (error) return <p className="p-3 text-sm text-rose-800">{error.message}</p>;
  if (!pair)
    return <p className="p-3 text-sm text-slate-500">{loading ? "Working it out…" : "Pick a pair."}</p>;
  const name = (p: ReachPairDto["from"]) => (p.kind === "outside" ? "Outside" : p.name);
  const blocking = pair.routes.filter((r) => r.verdict !== "yes");
  return (
    <section aria-label="Reach answer" className="space-y-3 p-3 text-sm">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">
          {name(pair.from)} <span className="text-slate-400">→</span> {name(pair.to)}
        </h2>
        <VerdictBadge verdict={pair.verdict} big />
      </header>
      <p className="leading-snug" data-testid="reach-summary">
        {pair.summary}
      </p>
      {mapHref ? (
        <Link href={mapHref} className="inline-block text-blue-700 hover:underline">
          Show the path on the map
        </Link>
      ) : null}
      {pair.fixes.length ? (
        <section aria-label="Fix">
          <h3 className="mb-1 font-semibold">Fix</h3>
          <ul className="space-y-2">
            {pair.fixes.map((f) => (
              <Fix key={`${f.text}${f.command}`} fix={f} canOperate={canOperate} topology={topology} />
            ))}
          </ul>
        </section>
      ) : null}
      {pair.from.kind === "container" && pair.to.kind === "container" ? (
        <section aria-label="Names">
          <h3 className="mb-1 font-semibold">By name</h3>
          {pair.names.length ? (
            <table className="w-full text-xs">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="pr-2 font-normal">name</th>
                  <th className="pr-2 font-normal">gives</th>
                  <th className="font-normal">from</th>
                </tr>
              </thead>
              <tbody>
                {pair.names.map((n) => (
                  <tr key={`${n.via}/${n.name}`} className="border-t border-slate-100 align-top">
                    <td className="break-all py-0.5 pr-2 font-mono">{n.name}</td>
                    <td className="py-0.5 pr-2 font-mono">
                      {n.addresses.join(", ")}
                      {n.roundRobin ? (
                        <span className="ml-1 rounded bg-violet-100 px-1 font-sans text-violet-900">
                          round-robin
                        </span>
                      ) : null}
                    </td>
                    <td className="py-0.5 text-slate-600">
                      {n.via === "hosts" ? "/etc/hosts" : `DNS on ${n.network}`}
                      {canOperate ? <NameCheck from={pair.from} name={n} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-slate-600">
              No name leads from {name(pair.from)} to {name(pair.to)}: only its address (if any way works).
            </p>
          )}
        </section>
      ) : null}
      {pair.reasons.length ? (
        <ul className="list-disc space-y-1 pl-5">
          {pair.reasons.map((r) => (
            <li key={`${r.code}${r.text}`} className={r.blocks ? "text-rose-900" : ""}>
              {r.text}
            </li>
          ))}
        </ul>
      ) : null}
      {pair.routes.length ? (
        <section aria-label="Ways">
          <h3 className="mb-1 font-semibold">
            Every way {name(pair.from)} can try{blocking.length ? ` (${blocking.length} blocked)` : ""}
          </h3>
          <ol className="space-y-2">
            {pair.routes.map((r) => (
              <li
                key={`${r.kind}/${r.network?.engine}/${r.network?.id}/${r.to}/${r.port?.number}`}
                className="rounded border border-slate-200 p-2"
                data-verdict={r.verdict}
              >
                <div className="flex items-start justify-between gap-2">
                  <span className="font-mono text-xs">{routeTitle(r)}</span>
                  <VerdictBadge verdict={r.verdict} />
                </div>
                {canOperate ? <RouteCheck pair={pair} route={r} /> : null}
                <ul className="mt-1 space-y-1">
                  {r.reasons.map((why) => (
                    <li
                      key={`${why.code}${why.text}`}
                      className={`whitespace-pre-wrap text-xs ${why.blocks ? "text-rose-900" : "text-slate-700"}`}
                    >
                      {why.text}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}
