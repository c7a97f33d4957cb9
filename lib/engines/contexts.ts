// The docker CLI's contexts (`docker context create`), read from its store so a team's existing setup comes
// over as it is: <config>/contexts/meta/<sha256 of name>/meta.json holds the endpoint, and
// <config>/contexts/tls/<same>/docker/{ca,cert,key}.pem its TLS material. The config folder is the server's
// DOCKER_CONFIG or ~/.docker (NETATLAS_DOCKER_CONFIG overrides: a server rarely runs as the person who made them).
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DockerContextDto, DockerContextListDto, EngineMaterialInput } from "@/lib/api/engines";
import { AppError } from "@/lib/api/errors";
import { parseEngineAddress } from "./address";
import { listStoredEngines } from "./store";

/** A context store holds a few dozen contexts; more (or huge files) is not a context store. */
const MAX_CONTEXTS = 500;
const MAX_FILE = 64 * 1024;

export function dockerConfigFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.NETATLAS_DOCKER_CONFIG || env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), ".docker");
}

interface RawMeta {
  Name?: unknown;
  Metadata?: { Description?: unknown } | null;
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } | null } | null;
}

interface ContextFound {
  name: string;
  description: string | null;
  address: string;
  skipVerify: boolean;
  tlsFolder: string;
}

function readSmall(file: string): string | null {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_FILE) return null;
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function contextsIn(config: string): ContextFound[] {
  const meta = path.join(config, "contexts", "meta");
  let folders: string[];
  try {
    folders = fs.readdirSync(meta).slice(0, MAX_CONTEXTS);
  } catch {
    return [];
  }
  const found: ContextFound[] = [];
  for (const folder of folders) {
    const text = readSmall(path.join(meta, folder, "meta.json"));
    if (!text) continue;
    let raw: RawMeta;
    try {
      raw = JSON.parse(text) as RawMeta;
    } catch {
      continue;
    }
    const endpoint = raw.Endpoints?.docker;
    if (typeof raw.Name !== "string" || typeof endpoint?.Host !== "string") continue;
    found.push({
      name: raw.Name,
      description: typeof raw.Metadata?.Description === "string" ? raw.Metadata.Description || null : null,
      address: endpoint.Host,
      skipVerify: endpoint.SkipTLSVerify === true,
      tlsFolder: path.join(config, "contexts", "tls", folder, "docker"),
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function currentContext(config: string): string | null {
  const text = readSmall(path.join(config, "config.json"));
  try {
    const parsed = text ? (JSON.parse(text) as { currentContext?: unknown }) : null;
    return typeof parsed?.currentContext === "string" ? parsed.currentContext : null;
  } catch {
    return null;
  }
}

function tlsFiles(context: ContextFound): { ca: string | null; cert: string | null; key: string | null } {
  return {
    ca: readSmall(path.join(context.tlsFolder, "ca.pem")),
    cert: readSmall(path.join(context.tlsFolder, "cert.pem")),
    key: readSmall(path.join(context.tlsFolder, "key.pem")),
  };
}

/** Why a context cannot come over as it is, or null. */
function needs(context: ContextFound, tls: ReturnType<typeof tlsFiles>): string | null {
  const parsed = parseEngineAddress(context.address);
  if (!parsed.ok) return parsed.problem;
  if (parsed.value.kind === "ssh") {
    return "An SSH context names no key: give the private key and the host's known_hosts line when importing.";
  }
  if (parsed.value.kind === "tcp") {
    if (context.skipVerify)
      return "This context skips TLS verification; Netatlas always verifies the engine.";
    if (!tls.ca) return "This context has no CA certificate: Netatlas does not dial plain or unverified TCP.";
  }
  return null;
}

export function listDockerContexts(): DockerContextListDto {
  const config = dockerConfigFolder();
  const current = currentContext(config);
  const stored = listStoredEngines();
  const contexts: DockerContextDto[] = contextsIn(config).map((context) => {
    const tls = tlsFiles(context);
    const parsed = parseEngineAddress(context.address);
    const address = parsed.ok ? parsed.value.address : context.address;
    return {
      name: context.name,
      description: context.description,
      address,
      kind: parsed.ok ? parsed.value.kind : null,
      tls: { ca: !!tls.ca, cert: !!tls.cert, key: !!tls.key, skipVerify: context.skipVerify },
      current: context.name === current,
      importedAs: stored.find((e) => e.context === context.name || e.address === address)?.id ?? null,
      needs: needs(context, tls),
    };
  });
  return { store: path.join(config, "contexts"), contexts };
}

/** The context's address and material as an engine's, with the SSH key and known_hosts given for ssh://. */
export function contextAsEngine(
  name: string,
  ssh: EngineMaterialInput["ssh"],
): { address: string; description: string | null; material: EngineMaterialInput } {
  const context = contextsIn(dockerConfigFolder()).find((c) => c.name === name);
  if (!context)
    throw new AppError("not_found", `No docker context "${name}" in ${dockerConfigFolder()}/contexts.`);
  const tls = tlsFiles(context);
  const problem = needs(context, tls);
  const parsed = parseEngineAddress(context.address);
  const isSsh = parsed.ok && parsed.value.kind === "ssh";
  if (problem && !isSsh) throw new AppError("bad_request", `Docker context "${name}": ${problem}`);
  const material: EngineMaterialInput = isSsh
    ? { ssh }
    : parsed.ok && parsed.value.kind === "tcp"
      ? {
          tls: {
            ca: tls.ca ?? undefined,
            ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
          },
        }
      : {};
  return { address: context.address, description: context.description ?? `docker context ${name}`, material };
}
