"use client";
// Change one's own password: the current one, the new one twice. The server ends every other session of
// this user, so the success message says so; "Sign out everywhere" (on by default) also revokes every API
// token, for when the password may have leaked.
import { type FormEvent, useState } from "react";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "./Field";
import { NewPasswordField } from "./NewPasswordField";
import { newPasswordProblem, type Problem, problemOf } from "./problem";

export function PasswordForm() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<{ revokedTokens: number } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const current = String(form.get("current") ?? "");
    const password = String(form.get("password") ?? "");
    setDone(null);
    const mismatch = newPasswordProblem(form);
    if (mismatch) {
      setProblem(mismatch);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const revokeTokens = form.get("revokeTokens") === "on";
      const answer = await api<{ revokedTokens: number }>("/api/auth/password", {
        method: "POST",
        body: { current, password, revokeTokens },
      });
      formElement.reset();
      setDone(answer);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const fields = problem?.fields ?? {};
  return (
    <form onSubmit={submit} className="flex max-w-sm flex-col gap-3">
      <Field
        label="Current password"
        name="current"
        type="password"
        autoComplete="current-password"
        error={fields.current}
        required
      />
      <NewPasswordField label="New password" error={fields.password} />
      <Field
        label="Repeat new password"
        name="repeat"
        type="password"
        autoComplete="new-password"
        error={fields.repeat}
        required
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="revokeTokens" defaultChecked className="mt-1" />
        <span>
          Sign out everywhere: also revoke all my API tokens
          <span className="block text-xs text-slate-500">
            Other sessions always end. Scripts using your tokens stop until you make new ones.
          </span>
        </span>
      </label>
      <FormAlert message={problem?.message ?? null} />
      {done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          Password changed; your other sessions were signed out
          {done.revokedTokens
            ? ` and ${done.revokedTokens} API token${done.revokedTokens === 1 ? " was" : "s were"} revoked`
            : ""}
          .
        </p>
      ) : null}
      <button type="submit" disabled={busy} className={`${BUTTON} self-start`}>
        Change password
      </button>
    </form>
  );
}
