// What a failed request means for a form: the server's message for a person, and its per-field problems
// keyed by field name so each can stand next to its input.
import { ApiError } from "@/lib/client/api";

export interface Problem {
  message: string;
  fields: Record<string, string>;
}

export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) {
    const fields: Record<string, string> = {};
    for (const f of err.body.fields ?? []) fields[f.field] ??= f.message;
    return { message: err.body.message, fields };
  }
  // fetch rejects only when no answer came at all (server down, network gone).
  return { message: `Netatlas did not answer: ${(err as Error).message}`, fields: {} };
}
