// Which Docker engines Netatlas talks to, read like the docker CLI does (DOCKER_HOST, DOCKER_TLS_VERIFY,
// DOCKER_CERT_PATH) plus NETATLAS_ENGINES for several named engines. Pure: takes the environment as input.
import { AppError } from "@/lib/api/errors";

export interface EngineConfig {
  /** Our id for the engine; carried by every object we return. */
  id: string;
  /** unix:///path, tcp://host:port or ssh://user@host[:port] */
  host: string;
  tlsVerify: boolean;
  /** TLS: the folder with ca.pem and, optionally, cert.pem and key.pem (no client certificate without them). */
  certPath: string | null;
  /**
   * ssh://: the folder with `id_key` (the private key) and `known_hosts` (the host keys trusted for it). null:
   * the ssh agent (SSH_AUTH_SOCK) and $HOME/.ssh/known_hosts, as the docker CLI would use.
   */
  sshPath: string | null;
  /** "env": from the environment (changed there, not in the UI); "ui": added by an admin on /engines. */
  source: "env" | "ui";
}

export const ENGINE_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const DEFAULT_HOST = "unix:///var/run/docker.sock";

type Env = Record<string, string | undefined>;

function configError(message: string): AppError {
  return new AppError("bad_request", `Engine configuration: ${message}`);
}

export function checkHost(host: string): string {
  const scheme = host.split("://")[0];
  if (!host.includes("://") || !["unix", "tcp", "ssh", "http", "https"].includes(scheme ?? "")) {
    throw configError(
      `"${host}" is not an engine address (use unix:///path, tcp://host:port or ssh://user@host)`,
    );
  }
  return host;
}

function tlsFrom(
  env: Env,
  host: string,
): Pick<EngineConfig, "tlsVerify" | "certPath" | "sshPath" | "source"> {
  // Like the docker CLI, any non-empty DOCKER_TLS_VERIFY turns verification on (moby/moby#22411).
  const tlsVerify = !!env.DOCKER_TLS_VERIFY && host.startsWith("tcp://");
  const home = env.HOME ?? "/root";
  return {
    tlsVerify,
    certPath: tlsVerify ? (env.DOCKER_CERT_PATH ?? `${home}/.docker`) : null,
    sshPath: null,
    source: "env",
  };
}

/**
 * NETATLAS_ENGINES is either `id=address,id=address` or a JSON array of
 * `{ "id", "host", "tlsVerify"?, "certPath"? }`. Without it, one engine "local" at DOCKER_HOST
 * (or the default socket) as the docker CLI would use.
 */
export function parseEngineConfig(env: Env): EngineConfig[] {
  const list = env.NETATLAS_ENGINES?.trim();
  if (!list) {
    const host = checkHost(env.DOCKER_HOST?.trim() || DEFAULT_HOST);
    return [{ id: "local", host, ...tlsFrom(env, host) }];
  }
  const json = list.startsWith("[") || list.startsWith("{");
  const engines = json ? parseJsonList(list, env) : parsePairList(list, env);
  if (engines.length === 0) throw configError("NETATLAS_ENGINES names no engine");
  const seen = new Set<string>();
  for (const engine of engines) {
    if (!ENGINE_ID.test(engine.id)) {
      throw configError(
        `engine id "${engine.id}" must be 1-32 of a-z, 0-9, _ and -, starting with a letter or digit`,
      );
    }
    if (seen.has(engine.id)) throw configError(`engine id "${engine.id}" is given twice`);
    seen.add(engine.id);
  }
  return engines;
}

function parsePairList(list: string, env: Env): EngineConfig[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const eq = item.indexOf("=");
      if (eq <= 0) throw configError(`"${item}" should be id=address`);
      const host = checkHost(item.slice(eq + 1).trim());
      return { id: item.slice(0, eq).trim(), host, ...tlsFrom(env, host) };
    });
}

function parseJsonList(list: string, env: Env): EngineConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(list);
  } catch (err) {
    throw configError(`NETATLAS_ENGINES is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw configError("NETATLAS_ENGINES JSON must be an array");
  return parsed.map((item: unknown) => {
    const entry = (item ?? {}) as Record<string, unknown>;
    if (typeof entry.id !== "string" || typeof entry.host !== "string") {
      throw configError('each NETATLAS_ENGINES entry needs string "id" and "host"');
    }
    const host = checkHost(entry.host);
    const tlsVerify = typeof entry.tlsVerify === "boolean" ? entry.tlsVerify : tlsFrom(env, host).tlsVerify;
    // An entry that asks for TLS gets the CLI's certificate folder unless it names one: never plain HTTP.
    const certPath =
      typeof entry.certPath === "string"
        ? entry.certPath
        : (env.DOCKER_CERT_PATH ?? `${env.HOME ?? "/root"}/.docker`);
    return {
      id: entry.id,
      host,
      tlsVerify,
      certPath: tlsVerify ? certPath : null,
      sshPath: null,
      source: "env",
    };
  });
}
