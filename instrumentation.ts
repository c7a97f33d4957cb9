// Next.js calls register() once when the server starts: Netatlas opens its data folder there, so a bad
// folder stops the start with a clear message, and a first run prints the setup link.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAuth } = await import("./lib/auth/start");
  await startAuth();
}
