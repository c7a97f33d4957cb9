"use client";
// Ends the session on the server, then loads the sign-in page afresh so no signed-in page stays in memory.
import { useState } from "react";
import { ApiError, api } from "@/lib/client/api";

export function SignOutButton() {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    setProblem(null);
    try {
      await api("/api/auth/logout", { method: "POST", body: {} });
    } catch (err) {
      // 401: the session had already ended, which is what we wanted.
      if (!(err instanceof ApiError && err.status === 401)) {
        setProblem(err instanceof Error ? err.message : String(err));
        setBusy(false);
        return;
      }
    }
    window.location.assign("/login");
  }

  return (
    <>
      <button
        type="button"
        onClick={signOut}
        disabled={busy}
        className="rounded border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-100 disabled:opacity-50"
      >
        Sign out
      </button>
      {problem ? (
        <span role="alert" className="text-xs text-red-700">
          {problem}
        </span>
      ) : null}
    </>
  );
}
