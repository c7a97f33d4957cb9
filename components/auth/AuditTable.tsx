// One page of the audit log as a table: who did what, from where, to what, with which parameters, and
// what came of it.
import type { AuditEntryDto, AuditResult } from "@/lib/api/auth";
import { formatServerTime } from "./format-time";
import { TableHead } from "./TableHead";

const COLUMNS = [
  "Time",
  "User",
  "Via",
  "Address",
  "Action",
  "Target",
  "Parameters",
  "Result",
  "Status",
  "Error",
];
const CELL = "px-2 py-1 align-top";
const RESULT_COLOR: Record<AuditResult, string> = {
  ok: "text-green-700",
  error: "text-red-700",
  denied: "text-amber-700",
};

function compact(params: unknown): string {
  if (params === null || params === undefined) return "";
  if (typeof params === "object" && Object.keys(params).length === 0) return "";
  return JSON.stringify(params);
}

export function AuditTable({ entries }: { entries: AuditEntryDto[] }) {
  return (
    <table className="w-full border-collapse bg-white text-sm" aria-label="Audit log">
      <TableHead columns={COLUMNS} />
      <tbody>
        {entries.map((e) => {
          const params = compact(e.params);
          return (
            <tr key={e.id} className="border-b border-slate-100">
              <td className={`${CELL} whitespace-nowrap`}>
                <time dateTime={e.time}>{formatServerTime(e.time)}</time>
              </td>
              <td className={CELL}>{e.actor}</td>
              <td className={CELL}>{e.via}</td>
              <td className={`${CELL} font-mono text-xs`}>{e.address}</td>
              <td className={`${CELL} font-mono text-xs`}>{e.action}</td>
              <td className={`${CELL} break-words`}>{e.target}</td>
              <td className={CELL}>
                {params ? <code className="font-mono text-xs break-all">{params}</code> : null}
              </td>
              <td className={`${CELL} font-medium ${RESULT_COLOR[e.result]}`}>{e.result}</td>
              <td className={CELL}>{e.status}</td>
              <td className={`${CELL} break-words`}>{e.error ?? ""}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
