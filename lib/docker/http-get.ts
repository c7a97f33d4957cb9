// The read path's GET: one JSON request to the Engine API over the engine's own transport (unix socket, or
// tcp with TLS), through a keep-alive agent per engine. Reads are the hot path of every map refresh, and
// docker-modem formats every request's options with util.inspect for a debug line even when debugging is off
// (docker-modem lib/modem.js, `debug('Sending: %s', util.inspect(...))`), which cost ~5 ms per 200-container
// read in the benchmark. ssh:// engines go over one kept SSH connection (ssh-agent.ts), not a handshake per request.
import "server-only";
import http from "node:http";
import https from "node:https";
import type Docker from "dockerode";
import type { ConnectConfig } from "ssh2";
import { sshHttpAgent } from "./ssh-agent";

/** GETs `path` (without the /vX.Y prefix) and resolves Docker's JSON; rejects dockerode-shaped errors. */
export type EngineGet = (path: string, signal: AbortSignal) => Promise<unknown>;

interface HttpError extends Error {
  statusCode: number;
  json: unknown;
}

function httpError(statusCode: number, json: unknown): HttpError {
  const message = (json as { message?: string } | null)?.message ?? `HTTP ${statusCode}`;
  return Object.assign(new Error(message), { statusCode, json });
}

/** `apiVersion` null: unversioned paths, for the first /version call that negotiates the version. */
export function makeEngineGet(options: Docker.DockerOptions, apiVersion: string | null): EngineGet {
  const prefix = apiVersion ? `/v${apiVersion}` : "";
  if (options.protocol === "ssh") {
    // One SSH connection per engine, its channels kept alive (ssh-agent.ts), instead of a handshake per request.
    const agent = sshHttpAgent({
      ...(options.sshOptions as ConnectConfig),
      host: options.host,
      port: Number(options.port ?? 22),
      username: options.username,
    });
    return httpGet(http, agent, {}, prefix, false);
  }
  const secure = options.protocol === "https";
  const transport = secure ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 16 });
  const base = options.socketPath
    ? { socketPath: options.socketPath }
    : { host: options.host, port: options.port, ca: options.ca, cert: options.cert, key: options.key };
  return httpGet(transport, agent, base, prefix, secure);
}

function httpGet(
  transport: typeof http | typeof https,
  agent: http.Agent,
  base: http.RequestOptions,
  prefix: string,
  secure: boolean,
): EngineGet {
  return (path, signal) =>
    new Promise((resolve, reject) => {
      const request = transport.request(
        {
          ...base,
          agent,
          path: `${prefix}${path}`,
          signal,
          // Over TLS the Host header must stay the engine's address: Node takes the certificate's expected name
          // from it, and "docker" matches no engine certificate (ERR_TLS_CERT_ALTNAME_INVALID).
          headers: secure ? { Accept: "application/json" } : { Accept: "application/json", Host: "docker" },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = { message: text.trim() };
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(json);
            else reject(httpError(status, json));
          });
        },
      );
      request.on("error", reject);
      request.end();
    });
}
