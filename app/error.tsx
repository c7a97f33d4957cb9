"use client";
// Next's error boundary for pages: an unexpected failure still gets a screen that says what happened.
import { ErrorScreen } from "@/components/ErrorScreen";

export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="p-4">
      <ErrorScreen
        title="This page failed to load"
        error={{
          code: "engine_error",
          message: error.message || "Unexpected error.",
          detail: error.digest ?? null,
        }}
      />
      <div className="mt-4 text-center">
        <button type="button" onClick={reset} className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white">
          Try again
        </button>
      </div>
    </div>
  );
}
