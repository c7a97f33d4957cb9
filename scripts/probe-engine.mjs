#!/usr/bin/env node
// scripts/probe-engine.mjs - exits 0 when a Docker engine answers /_ping at the address given (unix:// or
// tcp://), 1 otherwise, printing why. Used by start.sh before deciding whether to start a lab engine.
import { request } from "node:http";

const host = process.argv[2] ?? "unix:///var/run/docker.sock";
const target = host.startsWith("unix://")
  ? { socketPath: host.slice("unix://".length) }
  : (() => {
      const url = new URL(host.replace(/^tcp:/, "http:"));
      return { hostname: url.hostname, port: url.port || 2375 };
    })();

if (!host.startsWith("unix://") && !host.startsWith("tcp://")) {
  console.error(`cannot probe ${host} (only unix:// and tcp://); trying to start anyway`);
  process.exit(0);
}
const req = request({ ...target, path: "/_ping", timeout: 3000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on("timeout", () => req.destroy(new Error("no answer within 3 s")));
req.on("error", (err) => {
  console.error(`no Docker engine at ${host}: ${err.message}`);
  process.exit(1);
});
req.end();
