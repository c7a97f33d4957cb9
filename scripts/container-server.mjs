// The container's entry point (Dockerfile's CMD): scripts/server.mjs, the same server `npm start` runs, on
// Next's standalone output. The standalone folder has no next.config.js; Next reads the configuration the
// build recorded in .next/required-server-files.json from __NEXT_PRIVATE_STANDALONE_CONFIG, as the
// standalone server.js does. Next's own server.js is not used: it would not record the client's address from
// the socket (and the peer key) that the login limit and the audit log rely on (lib/auth/request.ts).
import fs from "node:fs";

const recorded = new URL("../.next/required-server-files.json", import.meta.url);
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(
  JSON.parse(fs.readFileSync(recorded, "utf8")).config,
);
await import("./server.mjs");
