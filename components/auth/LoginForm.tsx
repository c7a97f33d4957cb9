"use client";
// The sign-in form: user name and password to POST /api/auth/login, then a full load of where the person
// was going (so the header and every server component see the new session).
import { type FormEvent, useState } from "react";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "./Field";
import { problemOf } from "./problem";

export function LoginForm({ next }: { next: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    try {
      await api("/api/auth/login", {
        method: "POST",
        body: { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") },
      });
      window.location.assign(next);
    } catch (err) {
      setProblem(problemOf(err).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <Field label="User name" name="username" autoComplete="username" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormAlert message={problem} />
      <button type="submit" disabled={busy} className={BUTTON}>
        Sign in
      </button>
    </form>
  );
}
