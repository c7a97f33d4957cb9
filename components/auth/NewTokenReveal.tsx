"use client";
// The secret of a token just made, shown this once with a Copy button and how to use it from a script.
import { useEffect, useRef, useState } from "react";
import { shellCommand } from "@/lib/api/shell";

export function NewTokenReveal({ token }: { token: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [origin, setOrigin] = useState("");

  // The origin is only known in the browser; read after mounting so the server and client HTML agree.
  useEffect(() => setOrigin(window.location.origin), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("Copied.");
    } catch {
      // The clipboard API needs a secure context (https or localhost); elsewhere, select it for Ctrl+C.
      field.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C) to copy.");
    }
  }

  return (
    <div className="mt-3 rounded border border-green-300 bg-green-50 p-3 text-sm">
      <label htmlFor="new-token" className="font-medium">
        New token
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="new-token"
          ref={field}
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
        />
        <button
          type="button"
          onClick={copy}
          className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100"
        >
          Copy
        </button>
      </div>
      <p className="mt-1 font-medium text-green-900">Copy it now: it is not shown again.</p>
      {copied ? (
        <p role="status" className="text-xs text-slate-600">
          {copied}
        </p>
      ) : null}
      <p className="mt-2 text-slate-600">Use it from a script:</p>
      <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
        <code>{shellCommand("curl", "-H", `Authorization: Bearer ${token}`, `${origin}/api/topology`)}</code>
      </pre>
    </div>
  );
}
