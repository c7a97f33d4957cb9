// An API refusal shown to a person: our message, why (when the control knows more), each field's problem,
// and Docker's own words, verbatim, when it spoke.
import type { ApiError } from "@/lib/client/api";
import { ownWords } from "./problem-text";

export function ProblemNote({ error, explanation }: { error: ApiError; explanation?: string | null }) {
  const { message, detail, fields } = error.body;
  return (
    <div role="alert" className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
      <p>{ownWords(message, detail)}</p>
      {explanation ? <p className="mt-1 text-xs">{explanation}</p> : null}
      {fields?.length ? (
        <ul className="mt-1 list-disc pl-5">
          {fields.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <span className="font-mono">{f.field}</span>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      {detail ? <p className="mt-1 font-mono text-xs">Docker: {detail}</p> : null}
    </div>
  );
}
