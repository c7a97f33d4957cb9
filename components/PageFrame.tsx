// The frames of the table and detail pages: title, engine warnings or breadcrumb, and the object's facts
// with their docker command beside what hangs off it.
import Link from "next/link";
import type { ReactNode } from "react";
import type { EngineDto } from "@/lib/api/types";
import { EngineWarnings } from "./EngineWarnings";
import { CliHint, Fields, type FieldValue } from "./Fields";

export function ListFrame({
  title,
  engines,
  children,
}: {
  title: string;
  engines: EngineDto[];
  children: ReactNode;
}) {
  return (
    <div className="h-full overflow-auto p-4">
      <h1 className="mb-3 text-lg font-semibold">{title}</h1>
      <EngineWarnings engines={engines} />
      {children}
    </div>
  );
}

interface DetailProps {
  /** "Network" or "Container": names the breadcrumb, the heading and the facts list. */
  kind: "Network" | "Container";
  name: string;
  fields: Array<[string, FieldValue]>;
  command: string;
  children: ReactNode;
}

export function DetailFrame({ kind, name, fields, command, children }: DetailProps) {
  const listHref = kind === "Network" ? "/networks" : "/containers";
  return (
    <div className="h-full overflow-auto p-4">
      <p className="text-sm">
        <Link href={listHref} className="text-blue-700 hover:underline">
          {kind}s
        </Link>{" "}
        / {name}
      </p>
      <h1 className="mb-3 text-lg font-semibold">
        {kind} {name}
      </h1>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,28rem)_1fr]">
        <section className="rounded border border-slate-200 bg-white p-3">
          <Fields fields={fields} label={`${kind} details`} />
          <CliHint command={command} />
        </section>
        <section>{children}</section>
      </div>
    </div>
  );
}
