"use client";
// Connect a container to a network: pick what is not given (from the map's drop, a network or a container),
// aliases, a static IPv4 with free addresses suggested, IPv6, link-local addresses and legacy links. Checked as
// you type with the server's own checks and what Docker is known to refuse (host, none, networks it is on
// already, aliases on the default bridge); shows the docker command; names the tool that manages either side.
// A refusal shows next to the Connect button, brought into view: the dialog often sits in a scrolled panel.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { managedBy } from "@/lib/analysis/impact";
import { checkConnect, freeAddresses } from "@/lib/analysis/network-connect";
import { connectBody, networkConnectCommand } from "@/lib/api/networks";
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { type ApiError, api, toApiError } from "@/lib/client/api";
import { CliHint } from "../Fields";
import { bridgeLimits, containerRefusal, leftOut, networkChoices, networkRefusal } from "./connect-choices";
import { ProblemNote } from "./ProblemNote";

interface Props {
  engine: string;
  networks: NetworkDto[];
  containers: ContainerDto[];
  endpoints: EndpointDto[];
  networkId?: string;
  containerId?: string;
  onClose(): void;
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function ConnectDialog({
  engine,
  networks,
  containers,
  endpoints,
  networkId,
  containerId,
  onClose,
}: Props) {
  const router = useRouter();
  const id = useId();
  const choices = networkChoices(networks, endpoints, engine, containerId);
  const offered = choices.filter((c) => c.reason === null || c.network.id === networkId);
  const [netId, setNetId] = useState(networkId ?? offered[0]?.network.id ?? "");
  const network = choices.find((c) => c.network.id === netId)?.network;
  const onNetwork = new Set(endpoints.filter((e) => e.networkId === netId).map((e) => e.containerId));
  const here = containers.filter(
    (c) => c.engine === engine && (c.id === containerId || !onNetwork.has(c.id)),
  );
  const candidates = here.filter((c) => c.id === containerId || containerRefusal(c) === null);
  const [boxId, setBoxId] = useState(containerId ?? candidates[0]?.id ?? "");
  const container = containers.find((c) => c.id === boxId);
  // Only a free choice leaves anything out; a given network or container is checked below instead.
  const notOffered = [
    ...(networkId ? [] : leftOut(choices.map((c) => ({ name: c.network.name, reason: c.reason })))),
    ...(containerId ? [] : leftOut(here.map((c) => ({ name: c.name, reason: containerRefusal(c) })))),
  ];
  const limits = bridgeLimits(network);
  const [aliases, setAliases] = useState("");
  const [ipv4, setIpv4] = useState("");
  const [ipv6, setIpv6] = useState("");
  const [linkLocal, setLinkLocal] = useState("");
  const [links, setLinks] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const actions = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) actions.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [error]);

  // What the default bridge refuses is neither shown nor sent there, but kept for another network chosen next.
  const input = {
    container: container?.name ?? boxId,
    aliases: limits.aliases ? [] : list(aliases),
    ...(ipv4 && !limits.addresses ? { ipv4 } : {}),
    ...(ipv6 && !limits.addresses ? { ipv6 } : {}),
    linkLocalIps: list(linkLocal),
    links: list(links),
  };
  const parsed = connectBody.safeParse(input);
  const nameOf = (cid: string) => containers.find((c) => c.id === cid)?.name ?? cid.slice(0, 12);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }))),
    ...(parsed.success && network
      ? checkConnect(
          parsed.data,
          network,
          endpoints.filter((e) => e.networkId === netId),
          nameOf,
        )
      : []),
    ...(network && networkRefusal(network)
      ? [
          {
            field: "network",
            message: `Docker connects no container to ${network.name}: ${networkRefusal(network)}.`,
          },
        ]
      : []),
    ...(container && onNetwork.has(container.id)
      ? [{ field: "container", message: `${container.name} is already connected.` }]
      : []),
    ...(container && containerRefusal(container)
      ? [
          {
            field: "container",
            message: `Docker connects ${container.name} to no other network: ${containerRefusal(container)}.`,
          },
        ]
      : []),
  ];
  const suggestions = network && !limits.addresses ? freeAddresses(network, endpoints) : [];
  const warnings = [network && managedBy(network.labels), container && managedBy(container.labels)].filter(
    Boolean,
  );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!network || problems.length) return;
    setBusy(true);
    setError(null);
    try {
      await api(
        `/api/networks/${encodeURIComponent(network.id)}/connect?engine=${encodeURIComponent(engine)}`,
        {
          method: "POST",
          body: input,
        },
      );
      setDone(`Connected ${input.container} to ${network.name}.`);
      router.refresh();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = "rounded border px-2 py-1 font-mono text-xs";
  // Once connected, the live map shows the new connection; checking the form again would only say so twice.
  if (done) {
    return (
      <div className="mt-3 rounded border border-green-200 bg-green-50 p-3 text-sm">
        <p role="status" className="text-green-800">
          {done}
        </p>
        <button type="button" onClick={onClose} className="mt-2 rounded border bg-white px-3 py-1">
          Close
        </button>
      </div>
    );
  }
  return (
    <form
      onSubmit={submit}
      aria-label="Connect a container"
      className="mt-3 rounded border border-blue-200 bg-blue-50 p-3 text-sm"
    >
      <h3 className="mb-2 font-semibold">Connect a container to a network</h3>
      <div className="grid grid-cols-[7rem_1fr] items-center gap-2">
        <label htmlFor={`${id}-net`}>Network</label>
        <select
          id={`${id}-net`}
          value={netId}
          disabled={!!networkId}
          onChange={(e) => setNetId(e.target.value)}
          className={field}
        >
          {offered.map(({ network: n }) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-box`}>Container</label>
        <select
          id={`${id}-box`}
          value={boxId}
          disabled={!!containerId}
          onChange={(e) => setBoxId(e.target.value)}
          className={field}
        >
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-aliases`}>Aliases</label>
        <input
          id={`${id}-aliases`}
          value={limits.aliases ? "" : aliases}
          disabled={!!limits.aliases}
          aria-describedby={limits.aliases ? `${id}-no-aliases` : undefined}
          onChange={(e) => setAliases(e.target.value)}
          placeholder={limits.aliases ? "none on the default bridge" : "api, db (DNS names on this network)"}
          className={`${field} disabled:bg-slate-100`}
        />
        {limits.aliases ? (
          <p id={`${id}-no-aliases`} className="col-start-2 text-xs text-slate-600">
            {limits.aliases}
          </p>
        ) : null}
        <label htmlFor={`${id}-ipv4`}>IPv4 address</label>
        <input
          id={`${id}-ipv4`}
          value={limits.addresses ? "" : ipv4}
          list={`${id}-free`}
          disabled={!!limits.addresses}
          aria-describedby={limits.addresses ? `${id}-no-addresses` : undefined}
          onChange={(e) => setIpv4(e.target.value)}
          placeholder={
            limits.addresses
              ? "assigned by Docker (default bridge)"
              : suggestions[0]
                ? `e.g. ${suggestions[0]} (free)`
                : "assigned by Docker"
          }
          className={`${field} disabled:bg-slate-100`}
        />
        <datalist id={`${id}-free`}>
          {suggestions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <label htmlFor={`${id}-ipv6`}>IPv6 address</label>
        <input
          id={`${id}-ipv6`}
          value={limits.addresses ? "" : ipv6}
          disabled={!!limits.addresses}
          aria-describedby={limits.addresses ? `${id}-no-addresses` : undefined}
          onChange={(e) => setIpv6(e.target.value)}
          className={`${field} disabled:bg-slate-100`}
        />
        {limits.addresses ? (
          <p id={`${id}-no-addresses`} className="col-start-2 text-xs text-slate-600">
            {limits.addresses}
          </p>
        ) : null}
        <label htmlFor={`${id}-ll`}>Link-local IPs</label>
        <input
          id={`${id}-ll`}
          value={linkLocal}
          onChange={(e) => setLinkLocal(e.target.value)}
          placeholder="169.254.x.y"
          className={field}
        />
        <label htmlFor={`${id}-links`}>Links (legacy)</label>
        <input
          id={`${id}-links`}
          value={links}
          onChange={(e) => setLinks(e.target.value)}
          placeholder="container:alias"
          className={field}
        />
      </div>
      {suggestions.length ? (
        <p className="mt-1 text-xs text-slate-600">Free: {suggestions.join(", ")}</p>
      ) : null}
      {notOffered.length ? (
        <p className="mt-1 text-xs text-slate-600">Not offered: {notOffered.join("; ")}.</p>
      ) : null}
      {warnings.map((w) => (
        <p key={w as string} className="mt-2 rounded bg-amber-100 p-1 text-xs">
          Managed by {w}: a change made here may be undone or conflict when that tool runs again.
        </p>
      ))}
      {network ? <CliHint command={networkConnectCommand(network.name, input)} /> : null}
      {/* What holds the button back, the button, and the server's refusal together, in view. */}
      <div ref={actions}>
        {problems.length ? (
          <ul className="mt-2 list-disc pl-5 text-xs text-red-800" aria-label="Problems">
            {problems.map((p) => (
              <li key={`${p.field}:${p.message}`}>
                <span className="font-mono">{p.field}</span>: {p.message}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="mt-2 flex gap-2">
          <button
            type="submit"
            disabled={busy || !network || problems.length > 0}
            className="rounded bg-blue-700 px-3 py-1 text-white disabled:opacity-50"
          >
            {busy ? "Connecting…" : "Connect"}
          </button>
          <button type="button" onClick={onClose} className="rounded border bg-white px-3 py-1">
            Close
          </button>
        </div>
        {error ? <ProblemNote error={error} /> : null}
      </div>
    </form>
  );
}
