"use client";
// A person's API tokens: the list (never the secrets), Revoke on each live one, and the form that makes a
// new one. A token's scope caps its owner's role, so operator is offered only to operators and admins, audit
// only to admins, and those two (one changes Docker, one reads everyone's actions) ask for the password again.
import { type FormEvent, useState } from "react";
import type { NewTokenDto, Role, TokenDto, TokenScope } from "@/lib/api/auth";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "./Field";

const SCOPE_TEXT: Record<TokenScope, string> = {
  read: "read",
  operator: "operator",
  audit: "audit (read + the audit log, for a log pipeline)",
};

import { formatTime } from "./format-time";
import { NewTokenReveal } from "./NewTokenReveal";
import { type Problem, problemOf } from "./problem";
import { TableHead } from "./TableHead";

const CELL = "px-2 py-1 align-top";

export function TokensPanel({ initial, role }: { initial: TokenDto[]; role: Role }) {
  const [tokens, setTokens] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [scope, setScope] = useState<TokenScope>("read");
  const scopes: TokenScope[] =
    role === "viewer" ? ["read"] : role === "operator" ? ["read", "operator"] : ["read", "operator", "audit"];

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setProblem(null);
    setSecret(null);
    try {
      const { token, ...made } = await api<NewTokenDto>("/api/tokens", {
        method: "POST",
        body: {
          name: String(form.get("name") ?? ""),
          scope,
          ...(scope !== "read" ? { current: String(form.get("current") ?? "") } : {}),
        },
      });
      setTokens((list) => [made, ...list]);
      setSecret(token);
      formElement.reset();
      setScope("read");
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: TokenDto) {
    if (!window.confirm(`Revoke the token "${token.name}"? Scripts using it stop working at once.`)) return;
    setProblem(null);
    try {
      const revoked = await api<TokenDto>(`/api/tokens/${token.id}`, { method: "DELETE" });
      setTokens((list) => list.map((t) => (t.id === revoked.id ? revoked : t)));
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <div>
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">No API tokens yet.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-sm" aria-label="API tokens">
          <TableHead columns={["Name", "Scope", "Prefix", "Created", "Last used", "Revoked"]} actions />
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-b border-slate-100">
                <td className={CELL}>{t.name}</td>
                <td className={CELL}>{t.scope}</td>
                <td className={`${CELL} font-mono text-xs`}>{t.prefix}…</td>
                <td className={CELL}>{formatTime(t.createdAt)}</td>
                <td className={CELL}>{t.lastUsedAt ? formatTime(t.lastUsedAt) : "never"}</td>
                <td className={CELL}>{t.revokedAt ? formatTime(t.revokedAt) : "no"}</td>
                <td className={CELL}>
                  {t.revokedAt ? null : (
                    <button
                      type="button"
                      aria-label={`Revoke ${t.name}`}
                      onClick={() => revoke(t)}
                      className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50"
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={create} className="mt-4 flex flex-wrap items-end gap-3">
        <Field label="Token name" name="name" error={problem?.fields.name} autoComplete="off" required />
        <div className="flex flex-col gap-1">
          <label htmlFor="token-scope" className="text-sm font-medium">
            Scope
          </label>
          <select
            id="token-scope"
            name="scope"
            value={scope}
            onChange={(e) => setScope(e.target.value as TokenScope)}
            className="rounded border border-slate-300 px-2 py-1 text-sm"
          >
            {scopes.map((s) => (
              <option key={s} value={s}>
                {SCOPE_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
        {scope !== "read" ? (
          <Field
            label="Your password"
            name="current"
            type="password"
            autoComplete="current-password"
            error={problem?.fields.current}
            required
          />
        ) : null}
        <button type="submit" disabled={busy} className={BUTTON}>
          Create token
        </button>
      </form>
      <div className="mt-2">
        <FormAlert message={problem?.message ?? null} />
      </div>
      {secret ? <NewTokenReveal token={secret} /> : null}
    </div>
  );
}
