"use client";
// Change one's own password: the current one, the new one twice. The server ends every other session of
// this user, so the success message says so.
import { type FormEvent, useState } from "react";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "./Field";
import { NewPasswordField } from "./NewPasswordField";
import { newPasswordProblem, type Problem, problemOf } from "./problem";

export function PasswordForm() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const current = String(form.get("current") ?? "");
    const password = String(form.get("password") ?? "");
    setDone(false);
    const mismatch = newPasswordProblem(form);
    if (mismatch) {
      setProblem(mismatch);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api("/api/auth/password", { method: "POST", body: { current, password } });
      formElement.reset();
      setDone(true);
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
      <FormAlert message={problem?.message ?? null} />
      {done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          Password changed; your other sessions were signed out.
        </p>
      ) : null}
      <button type="submit" disabled={busy} className={`${BUTTON} self-start`}>
        Change password
      </button>
    </form>
  );
}
