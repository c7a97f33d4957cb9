// What a failed request means for a form: the server's message for a person, and its per-field problems
// keyed by field name so each can stand next to its input.
import { PASSWORD_MIN } from "@/lib/api/auth";
import { toApiError } from "@/lib/client/api";

export interface Problem {
  message: string;
  fields: Record<string, string>;
}

export function problemOf(err: unknown): Problem {
  const error = toApiError(err);
  const fields: Record<string, string> = {};
  for (const f of error.body.fields ?? []) fields[f.field] ??= f.message;
  return { message: error.body.message, fields };
}

/**
 * A new password checked in the browser before it is sent (long enough, typed the same twice), so a typo is
 * caught before a setup token or a current password is spent on it. Reads the "password" and "repeat" fields.
 */
export function newPasswordProblem(form: FormData): Problem | null {
  const password = String(form.get("password") ?? "");
  if (password.length < PASSWORD_MIN) {
    return {
      message: "Choose a longer password.",
      fields: { password: `At least ${PASSWORD_MIN} characters.` },
    };
  }
  if (password !== String(form.get("repeat") ?? "")) {
    return { message: "The two passwords differ.", fields: { repeat: "Type the same password again." } };
  }
  return null;
}
