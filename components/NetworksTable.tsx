"use client";
// The /networks table: every network of every engine, sortable and filterable.
import Link from "next/link";
import type { NetworkDto } from "@/lib/api/types";
import { gateways, subnets } from "@/lib/topology/format";
import { type Column, DataTable } from "./DataTable";

export interface NetworkRow {
  network: NetworkDto;
  containers: number;
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

const COLUMNS: Column<NetworkRow>[] = [
  {
    key: "name",
    header: "Name",
    value: (r) => r.network.name,
    render: (r) => (
      <Link
        className="text-blue-700 hover:underline"
        href={`/networks/${r.network.id}?engine=${encodeURIComponent(r.network.engine)}`}
      >
        {r.network.name}
      </Link>
    ),
  },
  { key: "driver", header: "Driver", value: (r) => r.network.driver },
  { key: "scope", header: "Scope", value: (r) => r.network.scope },
  { key: "subnet", header: "Subnet", value: (r) => subnets(r.network).join(", ") },
  { key: "gateway", header: "Gateway", value: (r) => gateways(r.network).join(", ") },
  { key: "internal", header: "Internal", value: (r) => yesNo(r.network.internal) },
  { key: "attachable", header: "Attachable", value: (r) => yesNo(r.network.attachable) },
  { key: "containers", header: "Containers", value: (r) => r.containers },
  { key: "engine", header: "Engine", value: (r) => r.network.engine },
];

export function NetworksTable({ rows, initialFilter }: { rows: NetworkRow[]; initialFilter?: string }) {
  return (
    <DataTable
      rows={rows}
      columns={COLUMNS}
      rowKey={(r) => `${r.network.engine}/${r.network.id}`}
      label="networks"
      initialFilter={initialFilter}
    />
  );
}
