"use client";
// The map's details panel's names: a network's DNS or a container's resolver and names, read from GET /api/dns
// and read again as the topology changes.
import type { ContainerDnsDto, NetworkDnsDto } from "@/lib/api/reach";
import { useLiveQuery } from "@/lib/client/live-query";
import { ContainerDnsTable, NetworkDnsTable } from "./DnsTables";

interface Props {
  kind: "network" | "container";
  engine: string;
  id: string;
  version: number | null;
  /** Operators: each name gets a "Check" (a DNS lookup from the container). */
  canCheck?: boolean;
}

export function DnsSection({ kind, engine, id, version, canCheck = false }: Props) {
  const q = useLiveQuery<NetworkDnsDto | ContainerDnsDto>(
    `/api/dns?${kind}=${encodeURIComponent(`${engine}/${id}`)}`,
    version,
  );
  return (
    <details className="mt-3" open>
      <summary className="cursor-pointer text-sm font-semibold">DNS names</summary>
      <div className="mt-1">
        {q.error ? <p className="text-xs text-rose-800">{q.error.message}</p> : null}
        {q.data && "records" in q.data ? <NetworkDnsTable dns={q.data} /> : null}
        {q.data && "resolver" in q.data ? (
          <ContainerDnsTable dns={q.data} limit={12} canCheck={canCheck} />
        ) : null}
        {!q.data && !q.error ? <p className="text-xs text-slate-500">Reading…</p> : null}
      </div>
    </details>
  );
}
