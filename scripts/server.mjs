// Netatlas's HTTP server: Next.js (production build, or --dev) behind a few lines that record the client's
// real address from the socket. Next alone keeps a client-sent X-Forwarded-For, so the login rate limit
// could be dodged by changing a header; here the address comes from the socket (or, with
// NETATLAS_TRUST_PROXY=1, from the proxy's last X-Forwarded-For hop), with a per-process key the app checks.
// Usage: node scripts/server.mjs [--dev] [-H host] [-p port]
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { httpMetrics, measure, routeMatcher, routePatterns } from "./lib/http-metrics.mjs";

const args = process.argv.slice(2);
const opt = (names, fallback) => {
  const i = args.findIndex((a) => names.includes(a));
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dev = args.includes("--dev");
const hostname = opt(["-H", "--hostname"], process.env.HOST || "127.0.0.1");
const port = Number(opt(["-p", "--port"], process.env.PORT || "3000"));
const trustProxy = /^(1|true|yes|on)$/i.test(process.env.NETATLAS_TRUST_PROXY ?? "");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const key = randomBytes(16).toString("hex");
process.env.NETATLAS_PEER_KEY = key;
// The Host allow-list (lib/auth/allowed-hosts.ts) accepts the address the server is bound to.
process.env.NETATLAS_BIND_HOST = hostname;
const shown = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
process.env.NETATLAS_PUBLIC_URL ??= `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;

const app = next({ dev, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// Request counts and durations for GET /api/metrics, by route pattern (read once the build is there).
const metrics = httpMetrics(routeMatcher(routePatterns(root)));

function peerOf(req) {
  if (trustProxy) {
    const hops = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (hops.length) return hops[hops.length - 1];
  } else {
    for (const h of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"]) {
      delete req.headers[h];
    }
  }
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

const server = http.createServer((req, res) => {
  measure(metrics, req, res);
  req.headers["x-netatlas-peer"] = peerOf(req);
  req.headers["x-netatlas-peer-key"] = key;
  handle(req, res);
});
if (dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(port, hostname, () => {
  console.log(`netatlas: listening on ${process.env.NETATLAS_PUBLIC_URL}${dev ? " (development)" : ""}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
