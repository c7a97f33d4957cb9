#!/usr/bin/env node
import { mkdirSync, writeFileSync } from "node:fs";
// scripts/record-fixtures.mjs - records what a real engine answers (version, info, network list, container
// list, every container inspect) into lib/docker/__fixtures__/engine-<major.minor>.json, for the unit tests of
// the pure mapping and topology code. Run against a seeded lab engine: `npm run record-fixtures` (both versions).
// Usage: DOCKER_HOST=unix:///path node scripts/record-fixtures.mjs
import { request } from "node:http";

const host = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
if (!host.startsWith("unix://")) throw new Error(`only unix:// sockets are recorded, not ${host}`);
const socketPath = host.slice("unix://".length);

function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, headers: { Host: "docker" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () =>
        res.statusCode === 200
          ? resolve(JSON.parse(body))
          : reject(new Error(`${path}: ${res.statusCode} ${body}`)),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const version = await get("/version");
// The API version Netatlas would negotiate (it speaks 1.41 to 1.45).
const api = Number(version.ApiVersion) > 1.45 ? "1.45" : version.ApiVersion;
const info = await get(`/v${api}/info`);
const networks = await get(`/v${api}/networks`);
const containers = await get(`/v${api}/containers/json?all=1`);
const inspects = [];
for (const c of containers) inspects.push(await get(`/v${api}/containers/${c.Id}/json`));

const [major, minor] = version.Version.split(".");
const out = new URL(`../lib/docker/__fixtures__/engine-${major}.${minor}.json`, import.meta.url);
mkdirSync(new URL(".", out), { recursive: true });
const recorded = {
  recordedAt: new Date().toISOString(),
  apiVersion: api,
  version,
  info: { Name: info.Name, Swarm: info.Swarm },
  networks,
  containers,
  inspects,
};
writeFileSync(out, `${JSON.stringify(recorded, null, 1)}\n`);
console.error(
  `recorded ${networks.length} networks, ${containers.length} containers from Docker ${version.Version} (API ${api}) to ${out.pathname}`,
);
