// Definition lists for the facts of one object, shared by the map's details panel and the detail pages.
import type { ReactNode } from "react";

export type FieldValue = string | number | boolean | null | undefined | string[] | Record<string, string>;

function show(value: FieldValue): ReactNode {
  if (value === null || value === undefined || value === "")
    return <span className="text-slate-400">none</span>;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value))
    return value.length ? value.join(", ") : <span className="text-slate-400">none</span>;
  if (typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className="text-slate-400">none</span>;
    return (
      <ul className="space-y-0.5">
        {entries.map(([k, v]) => (
          <li key={k} className="break-all">
            <span className="text-slate-500">{k}</span>={v}
          </li>
        ))}
      </ul>
    );
  }
  return String(value);
}

export function Fields({ fields, label }: { fields: Array<[string, FieldValue]>; label?: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
      {fields.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-500">{name}</dt>
          <dd className="break-all font-mono text-xs leading-5">{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The docker CLI command that shows the same facts: the dashboard teaches as it works. */
export function CliHint({
  command,
  caption = "docker CLI equivalent",
}: {
  command: string;
  caption?: string;
}) {
  return (
    <figure className="mt-3">
      <figcaption className="text-xs text-slate-500">{caption}</figcaption>
      <pre className="whitespace-pre-wrap break-all rounded bg-slate-900 px-2 py-1 font-mono text-xs text-slate-100">
        <span className="select-none text-slate-500">$ </span>
        {command}
      </pre>
    </figure>
  );
}
