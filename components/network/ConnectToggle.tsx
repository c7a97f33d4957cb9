"use client";
// A "Connect…" button that opens the connect dialog in place, with the network or the container given.
import { useState } from "react";
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { ConnectDialog } from "./ConnectDialog";

interface Props {
  label: string;
  engine: string;
  networks: NetworkDto[];
  containers: ContainerDto[];
  endpoints: EndpointDto[];
  networkId?: string;
  containerId?: string;
  /** Open at once (chosen from the map's context menu). */
  initiallyOpen?: boolean;
}

export function ConnectToggle({ label, initiallyOpen = false, ...dialog }: Props) {
  const [open, setOpen] = useState(initiallyOpen);
  if (open) return <ConnectDialog {...dialog} onClose={() => setOpen(false)} />;
  return (
    <button
      type="button"
      onClick={() => setOpen(true)}
      className="mt-3 mr-2 rounded border border-blue-300 px-3 py-1 text-sm text-blue-800"
    >
      {label}
    </button>
  );
}
