"use client";
// The /containers table: every container of every engine with its networks and addresses.
import Link from "next/link";
import type { ContainerDto, EndpointDto } from "@/lib/api/types";
import { endpointAddresses, publishedPorts } from "@/lib/topology/format";
import { type Column, DataTable } from "./DataTable";

export interface ContainerRow {
  container: ContainerDto;
  endpoints: EndpointDto[];
}

const networksText = (r: ContainerRow) =>
  r.endpoints
    .map((e) => `${e.networkName}${e.ipv4Address || e.ipv6Address ? ` ${endpointAddresses(e)}` : ""}`)
    .join("; ");

const COLUMNS: Column<ContainerRow>[] = [
  {
    key: "name",
    header: "Name",
    value: (r) => r.container.name,
    render: (r) => (
      <Link
        className="text-blue-700 hover:underline"
        href={`/containers/${r.container.id}?engine=${encodeURIComponent(r.container.engine)}`}
      >
        {r.container.name}
      </Link>
    ),
  },
  { key: "state", header: "State", value: (r) => r.container.state },
  { key: "image", header: "Image", value: (r) => r.container.image },
  { key: "mode", header: "Network mode", value: (r) => r.container.networkMode },
  { key: "networks", header: "Networks and addresses", value: networksText },
  { key: "ports", header: "Published ports", value: (r) => publishedPorts(r.container.ports).join(", ") },
  { key: "engine", header: "Engine", value: (r) => r.container.engine },
];

export function ContainersTable({ rows, initialFilter }: { rows: ContainerRow[]; initialFilter?: string }) {
  return (
    <DataTable
      rows={rows}
      columns={COLUMNS}
      rowKey={(r) => `${r.container.engine}/${r.container.id}`}
      label="containers"
      initialFilter={initialFilter}
    />
  );
}
