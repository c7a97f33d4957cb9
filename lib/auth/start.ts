// Server start: open the data folder (a clear message and exit code 1 when it is unusable, rather than a
// crash on the first request), create the admin from the environment or print the one-time setup link.
import "server-only";
import { archiveAudit, retentionDays, verifyAuditArchive } from "./audit-archive";
import { DataDirError, store } from "./db";
import { sweepSessions } from "./sessions";
import { anonymousViewer, readOnly } from "./settings";
import { prepareFirstRun } from "./setup";

function say(line: string): void {
  console.log(`netatlas: ${line}`);
}

/** Archives audit entries past the retention, and says if the archive chain does not check out. */
function keepAuditRetention(): void {
  try {
    for (const f of archiveAudit().files) {
      say(`archived ${f.count} audit entries older than ${retentionDays()} days to ${f.file}`);
    }
    const check = verifyAuditArchive();
    if (!check.ok)
      console.warn(`netatlas: the audit archive does not check out: ${check.problems.join("; ")}`);
  } catch (err) {
    console.error(`netatlas: could not archive the audit log: ${(err as Error).message}`);
  }
}

export async function startAuth(): Promise<void> {
  try {
    const { dir } = store();
    sweepSessions();
    const first = await prepareFirstRun();
    say(`data folder ${dir}`);
    if (first.state === "admin-from-env")
      say(`created the admin "${first.username}" from NETATLAS_ADMIN_PASSWORD`);
    if (first.state === "needs-setup") {
      const base = (process.env.NETATLAS_PUBLIC_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
      say("first run: no users yet. Create the admin here (one-time link, also in <data>/setup-token):");
      say(`  ${base}/setup?token=${first.token}`);
    }
    const publicUrl = process.env.NETATLAS_PUBLIC_URL ?? "";
    if (/^https:/i.test(publicUrl) && !/^(1|true|yes|on)$/i.test(process.env.NETATLAS_TRUST_PROXY ?? "")) {
      console.warn(
        `netatlas: NETATLAS_PUBLIC_URL is https (${publicUrl}) but NETATLAS_TRUST_PROXY is not set: behind a TLS proxy, session cookies lose their Secure flag. Set NETATLAS_TRUST_PROXY=1 (see docs/deploy.md).`,
      );
    }
    if (readOnly()) say("read-only mode (NETATLAS_READ_ONLY): every change is refused");
    if (anonymousViewer())
      say(
        "anonymous viewer mode (NETATLAS_ANONYMOUS_VIEWER): anyone who reaches this server can see the map",
      );
    keepAuditRetention();
    setInterval(sweepSessions, 3_600_000).unref();
    setInterval(keepAuditRetention, 86_400_000).unref();
  } catch (err) {
    if (err instanceof DataDirError) {
      console.error(`netatlas: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
