"use client";
// First run: the one-time setup token, the first admin's name and password (typed twice), to POST
// /api/auth/setup; the server signs the new admin in, so the map loads next.
import { type FormEvent, useState } from "react";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "./Field";
import { NewPasswordField } from "./NewPasswordField";
import { newPasswordProblem, type Problem, problemOf } from "./problem";

export function SetupForm({ token }: { token: string }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const mismatch = newPasswordProblem(form);
    if (mismatch) {
      setProblem(mismatch);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api("/api/auth/setup", {
        method: "POST",
        body: {
          token: String(form.get("token") ?? "").trim(),
          username: String(form.get("username") ?? ""),
          password,
        },
      });
      window.location.assign("/");
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  }

  const fields = problem?.fields ?? {};
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <p className="text-sm text-slate-600">
        The setup token is printed in the server log when Netatlas starts, and written to{" "}
        <code className="font-mono text-xs">&lt;data folder&gt;/setup-token</code>.
      </p>
      <Field
        label="Setup token"
        name="token"
        defaultValue={token}
        error={fields.token}
        autoComplete="off"
        required
      />
      <Field
        label="User name"
        name="username"
        defaultValue="admin"
        error={fields.username}
        autoComplete="username"
        required
      />
      <NewPasswordField label="Password" error={fields.password} />
      <Field
        label="Repeat password"
        name="repeat"
        type="password"
        error={fields.repeat}
        autoComplete="new-password"
        required
      />
      <FormAlert message={problem?.message ?? null} />
      <button type="submit" disabled={busy} className={BUTTON}>
        Create admin
      </button>
    </form>
  );
}
