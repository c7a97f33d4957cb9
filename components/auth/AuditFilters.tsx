// The audit log's filter form: a plain GET form, so a filtered view is an address one can bookmark or send,
// and it works before any script has loaded.
import Link from "next/link";
import type { AuditRaw } from "./audit-params";
import { BUTTON } from "./Field";
import { serverZone } from "./format-time";

const INPUT = "rounded border border-slate-300 px-2 py-1 text-sm";

function Box({
  label,
  name,
  value,
  type = "text",
}: {
  label: string;
  name: string;
  value?: string;
  type?: string;
}) {
  const id = `audit-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} name={name} type={type} defaultValue={value ?? ""} className={INPUT} />
    </div>
  );
}

export function AuditFilters({ raw }: { raw: AuditRaw }) {
  return (
    <form method="get" action="/audit" className="mb-3 flex flex-wrap items-end gap-3">
      <Box label="User" name="actor" value={raw.actor} />
      <Box label="Action" name="action" value={raw.action} />
      <Box label="Target" name="target" value={raw.target} />
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-result" className="text-sm font-medium">
          Result
        </label>
        <select id="audit-result" name="result" defaultValue={raw.result ?? ""} className={INPUT}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
          <option value="denied">denied</option>
        </select>
      </div>
      <Box label="From" name="from" type="datetime-local" value={raw.from} />
      <Box label="To" name="to" type="datetime-local" value={raw.to} />
      {raw.limit ? <input type="hidden" name="limit" value={raw.limit} /> : null}
      <button type="submit" className={BUTTON}>
        Filter
      </button>
      <Link href="/audit" className="py-1.5 text-sm text-blue-700 hover:underline">
        Clear
      </Link>
      <p className="basis-full text-xs text-slate-500">
        Action matches the start (“network.” finds every network action), Target any part; times are the
        server’s ({serverZone()}).
      </p>
    </form>
  );
}
