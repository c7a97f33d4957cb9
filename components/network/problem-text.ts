// The words of a refusal as the change controls show them: ours (what failed, and why Docker says no when
// that is not obvious) beside Docker's own message, verbatim, never instead of it. Pure.
import type { ApiErrorDetail } from "@/lib/api/types";

/**
 * The server's message without Docker's words at its end ("Could not remove network x: <Docker's message>"):
 * those are shown once, verbatim, on their own line.
 */
export function ownWords(message: string, detail: string | null): string {
  if (!detail) return message;
  const suffix = `: ${detail}`;
  return message.endsWith(suffix) && message.length > suffix.length
    ? message.slice(0, -suffix.length)
    : message;
}

/** Why removing a network was refused, in a sentence, where Docker's words alone leave it unsaid. */
export function removalExplanation(error: ApiErrorDetail): string | null {
  if (error.code === "conflict" || (error.code === "forbidden" && error.detail)) {
    return "A network is removed only once nothing uses it: disconnect its containers (stopped ones too) and, in a swarm, remove the services on it.";
  }
  if (error.code === "not_found") {
    return "It is no longer there: removed elsewhere, or this page is older than the change.";
  }
  return null;
}
