// The security switches, read from the environment on every call (so a test can flip them): where the data
// folder is, read-only mode, the anonymous viewer, session length, the origins mutations may come from.
import "server-only";
import path from "node:path";

function flag(name: string): boolean {
  return /^(1|true|yes|on)$/i.test(process.env[name]?.trim() ?? "");
}

export function dataDir(): string {
  // The folder is chosen at run time; the comment keeps Next's file tracing from pulling in the whole project.
  return path.resolve(
    /* turbopackIgnore: true */ process.cwd(),
    process.env.NETATLAS_DATA_DIR?.trim() || "data",
  );
}

/**
 * NETATLAS_READ_ONLY=1: no change to Docker for anyone, whatever their role. Signing in and out, one's own
 * password and tokens, and user management stay possible (they change Netatlas, not the engines).
 */
export function readOnly(): boolean {
  return flag("NETATLAS_READ_ONLY");
}

/** NETATLAS_ANONYMOUS_VIEWER=1: people without a session see everything a viewer sees (classroom projector). */
export function anonymousViewer(): boolean {
  return flag("NETATLAS_ANONYMOUS_VIEWER");
}

export function sessionHours(): number {
  const hours = Number(process.env.NETATLAS_SESSION_HOURS ?? 12);
  return Number.isFinite(hours) && hours > 0 ? hours : 12;
}

/**
 * Origins a mutation may come from besides the one the request was addressed to (behind a proxy that
 * rewrites Host, list the public one: NETATLAS_ORIGIN=https://netatlas.example.org).
 */
export function extraOrigins(): string[] {
  return (process.env.NETATLAS_ORIGIN ?? "")
    .split(",")
    .map((s) => s.trim().replace(/\/$/, ""))
    .filter(Boolean);
}

/**
 * Failed sign-ins before 429, per address (NETATLAS_LOGIN_MAX_FAILURES, default 5) and per account
 * (NETATLAS_LOGIN_MAX_ACCOUNT_FAILURES, default 10: higher, so that a stranger locks a person out later than
 * themselves), and the window they are counted in.
 */
export function loginLimit(): { failures: number; accountFailures: number; windowMs: number } {
  const positive = (name: string, fallback: number) => {
    const n = Number(process.env[name] ?? fallback);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    failures: positive("NETATLAS_LOGIN_MAX_FAILURES", 5),
    accountFailures: positive("NETATLAS_LOGIN_MAX_ACCOUNT_FAILURES", 10),
    windowMs: positive("NETATLAS_LOGIN_WINDOW_MS", 15 * 60_000),
  };
}
