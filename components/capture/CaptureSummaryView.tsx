// What a capture caught, in words: how many packets and why it ended, the protocols, the conversations (both
// directions together), the DNS questions and answers seen; and the pcap to download for Wireshark.
import type { CaptureDto } from "@/lib/api/captures";

const ENDED: Record<string, string> = {
  time: "its time was up",
  packets: "it had its packets",
  size: "it reached its size cap",
  stopped: "it was stopped",
};

const TABLE = "w-full text-xs";
const HEAD = "text-left text-slate-500";

export function CaptureSummaryView({ capture }: { capture: CaptureDto }) {
  const s = capture.summary;
  return (
    <div className="space-y-2" role="status" aria-label="Capture result">
      <p>
        <span className="font-medium">{capture.packets.toLocaleString("en")} packets</span> (
        {capture.bytes.toLocaleString("en")} bytes) on {capture.interface}
        {capture.stoppedBy ? `; it ended because ${ENDED[capture.stoppedBy] ?? capture.stoppedBy}` : ""}.
      </p>
      {capture.downloadable ? (
        <a
          href={`/api/captures/${capture.id}/pcap`}
          download
          className="inline-block rounded border border-slate-300 bg-white px-3 py-1 text-sm text-blue-800 hover:bg-slate-100"
        >
          Download pcap (once)
        </a>
      ) : (
        <p className="text-xs text-slate-500">
          The file is gone (downloaded, or expired); the summary stays a while.
        </p>
      )}
      {s?.protocols.length ? (
        <table className={TABLE} aria-label="Protocols">
          <thead>
            <tr className={HEAD}>
              <th className="font-normal">protocol</th>
              <th className="font-normal">packets</th>
              <th className="font-normal">bytes</th>
            </tr>
          </thead>
          <tbody>
            {s.protocols.map((p) => (
              <tr key={p.protocol} className="border-t border-slate-100">
                <td className="font-mono">{p.protocol}</td>
                <td>{p.packets.toLocaleString("en")}</td>
                <td>{p.bytes.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {s?.conversations.length ? (
        <table className={TABLE} aria-label="Conversations">
          <thead>
            <tr className={HEAD}>
              <th className="font-normal">between</th>
              <th className="font-normal">protocol</th>
              <th className="font-normal">packets (→ / ←)</th>
              <th className="font-normal">bytes</th>
            </tr>
          </thead>
          <tbody>
            {s.conversations.slice(0, 12).map((c) => (
              <tr key={`${c.protocol}${c.a}${c.b}`} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap font-mono">
                  {c.a}
                  <br />⇄ {c.b}
                </td>
                <td className="font-mono">{c.protocol}</td>
                <td>
                  {c.packets} ({c.aToB} / {c.bToA})
                </td>
                <td>{c.bytes.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {s?.dns.length ? (
        <table className={TABLE} aria-label="DNS seen">
          <thead>
            <tr className={HEAD}>
              <th className="font-normal">question</th>
              <th className="font-normal">answer</th>
              <th className="font-normal">from</th>
            </tr>
          </thead>
          <tbody>
            {s.dns.slice(0, 20).map((d) => (
              <tr
                key={`${d.time}/${d.from}/${d.question}/${d.type}/${d.rcode}`}
                className="border-t border-slate-100"
              >
                <td className="font-mono">
                  {d.question} {d.type}
                </td>
                <td className="font-mono">
                  {d.rcode === null
                    ? "(asked)"
                    : d.answers.join(", ") || (d.rcode === 3 ? "NXDOMAIN" : `rcode ${d.rcode}`)}
                </td>
                <td className="font-mono">{d.from}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
