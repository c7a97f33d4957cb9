// An API refusal shown to a person: our message, each field's problem, and Docker's own words when it spoke.
import type { ApiError } from "@/lib/client/api";

export function ProblemNote({ error }: { error: ApiError }) {
  return (
    <div role="alert" className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
      <p>{error.body.message}</p>
      {error.body.fields?.length ? (
        <ul className="mt-1 list-disc pl-5">
          {error.body.fields.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <span className="font-mono">{f.field}</span>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      {error.body.detail ? <p className="mt-1 font-mono text-xs">Docker: {error.body.detail}</p> : null}
    </div>
  );
}
