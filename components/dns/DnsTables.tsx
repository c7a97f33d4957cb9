// Names as tables: a network's (every name its embedded DNS answers, round-robin ones with their members) and a
// container's (its resolver setup, and every name it can use with what it gives from there). Shared by the network
// and container pages and the map's details panel.
import type { ContainerDnsDto, NameAnswerDto, NetworkDnsDto, PartyDto } from "@/lib/api/reach";
import { NameCheck } from "../probe/NameCheck";

const KIND_WORDS: Record<string, string> = {
  container: "container name",
  alias: "alias",
  hostname: "hostname",
  id: "short id",
  service: "service",
  tasks: "all tasks",
  task: "task",
  link: "legacy link",
  "extra-host": "--add-host",
  "own-hostname": "own hostname",
};

function RoundRobin() {
  return (
    <span className="ml-1 rounded bg-violet-100 px-1 font-sans text-[10px] font-semibold text-violet-900">
      round-robin
    </span>
  );
}

export function NetworkDnsTable({ dns }: { dns: NetworkDnsDto }) {
  return (
    <section aria-label={`Names on ${dns.network.name}`}>
      <p
        className={`mb-2 text-sm ${dns.embedded ? "text-slate-700" : "rounded border border-amber-300 bg-amber-50 p-2 text-amber-950"}`}
      >
        {dns.note}
      </p>
      {dns.records.length ? (
        <table className="w-full bg-white text-sm" aria-label={`DNS names on ${dns.network.name}`}>
          <thead>
            <tr className="border-b text-left">
              <th scope="col" className="px-2 py-1 font-medium">
                Name
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Gives
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                What it is
              </th>
            </tr>
          </thead>
          <tbody>
            {dns.records.map((r) => (
              <tr key={r.name} className="border-b border-slate-100 align-top">
                <td className="break-all px-2 py-1 font-mono text-xs">{r.name}</td>
                <td className="px-2 py-1 font-mono text-xs">
                  {r.roundRobin ? (
                    <>
                      <RoundRobin />
                      <ul>
                        {r.members.map((m) => (
                          <li key={`${m.id}${m.address}`}>
                            {m.address} <span className="font-sans text-slate-500">{m.name}</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    <>
                      {r.addresses.join(", ")}{" "}
                      <span className="font-sans text-slate-500">{r.members[0]?.name}</span>
                    </>
                  )}
                </td>
                <td className="px-2 py-1 text-xs text-slate-600">{KIND_WORDS[r.kind] ?? r.kind}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {dns.linkAliases.length ? (
        <p className="mt-2 text-xs text-slate-600">
          Legacy links, for their container only:{" "}
          {dns.linkAliases
            .map(
              (l) =>
                `${l.from} → ${l.alias} = ${l.target}${l.addresses.length ? ` (${l.addresses.join(", ")})` : ""}`,
            )
            .join("; ")}
        </p>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">
        Try it: <code className="font-mono">docker exec &lt;container&gt; nslookup &lt;name&gt;</code>
      </p>
    </section>
  );
}

function NameRow({ n, checkFrom }: { n: NameAnswerDto; checkFrom?: PartyDto | null }) {
  return (
    <tr className="border-b border-slate-100 align-top">
      <td className="break-all px-2 py-1 font-mono text-xs">{n.name}</td>
      <td className="px-2 py-1 font-mono text-xs">
        {n.addresses.join(", ")}
        {n.roundRobin ? <RoundRobin /> : null}
        <span className="ml-1 font-sans text-slate-500">
          {[...new Set(n.members.map((m) => m.name))].slice(0, 4).join(", ")}
        </span>
      </td>
      <td className="px-2 py-1 text-xs text-slate-600">
        {n.via === "hosts" ? "/etc/hosts" : `DNS on ${n.network}`} · {KIND_WORDS[n.kind] ?? n.kind}
        {checkFrom ? <NameCheck from={checkFrom} name={n} /> : null}
      </td>
    </tr>
  );
}

export function ContainerDnsTable({
  dns,
  limit,
  canCheck = false,
}: {
  dns: ContainerDnsDto;
  limit?: number;
  /** Operators: a "Check" beside each name runs a DNS lookup from the container (a real probe). */
  canCheck?: boolean;
}) {
  const checkFrom: PartyDto | null = canCheck ? { kind: "container", ...dns.container } : null;
  const r = dns.resolver;
  // Qualified names (name.network) double the list: they come after the plain ones.
  const names = [...dns.names].sort(
    (a, b) => Number(a.name.includes(".")) - Number(b.name.includes(".")) || a.name.localeCompare(b.name),
  );
  const shown = limit ? names.slice(0, limit) : names;
  return (
    <section aria-label={`Names ${dns.container.name} can use`}>
      <p
        className={`mb-1 text-sm ${r.kind === "embedded" || r.kind === "shared" ? "" : "rounded border border-amber-300 bg-amber-50 p-2 text-amber-950"}`}
      >
        {r.text}
      </p>
      <dl className="mb-2 grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
        <dt className="text-slate-500">nameserver</dt>
        <dd className="font-mono">{r.nameservers.join(", ") || "none"}</dd>
        {r.upstream.length ? (
          <>
            <dt className="text-slate-500">then asks</dt>
            <dd className="font-mono">{r.upstream.join(", ")}</dd>
          </>
        ) : null}
        {r.search.length ? (
          <>
            <dt className="text-slate-500">search</dt>
            <dd className="font-mono">{r.search.join(" ")}</dd>
          </>
        ) : null}
        {r.options.length ? (
          <>
            <dt className="text-slate-500">options</dt>
            <dd className="font-mono">{r.options.join(" ")}</dd>
          </>
        ) : null}
      </dl>
      {dns.notes.map((note) => (
        <p key={note} className="mb-1 text-xs text-slate-600">
          {note}
        </p>
      ))}
      {shown.length ? (
        <table className="w-full bg-white text-sm" aria-label={`DNS names from ${dns.container.name}`}>
          <thead>
            <tr className="border-b text-left">
              <th scope="col" className="px-2 py-1 font-medium">
                Name
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Gives, from here
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Answered by
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((n) => (
              <NameRow key={`${n.via}/${n.name}`} n={n} checkFrom={checkFrom} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-xs text-slate-600">No container or service name resolves from here.</p>
      )}
      {limit && names.length > limit ? (
        <p className="mt-1 text-xs text-slate-500">
          and {names.length - limit} more on the container's page.
        </p>
      ) : null}
    </section>
  );
}
