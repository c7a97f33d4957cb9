// Next.js calls register() once when the server starts: Netatlas opens its data folder there, so a bad
// folder stops the start with a clear message, and a first run prints the setup link; it adds the engines stored there; and it starts the live store.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAuth } = await import("./lib/auth/start");
  await startAuth();
  // The metrics count changes, sign-ins and refusals from the audit log as it is written: from the start.
  const { countAuditEntries } = await import("./lib/metrics/audit-counts");
  countAuditEntries();
  // Engines added on /engines join the environment's before anything reads Docker.
  const { applyEngines } = await import("./lib/engines/manage");
  applyEngines();
  // The live store follows Docker from the start (unless NETATLAS_LIVE_ALWAYS=0): reads are answered from it.
  const { LIVE_ALWAYS, liveHub } = await import("./lib/live/hub");
  if (LIVE_ALWAYS) void liveHub().keepLive();
}
