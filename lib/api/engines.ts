// The wire contract of engine management (/engines, /api/engines): what an admin sends to add, edit or test
// an engine, and what anyone signed in reads back about each engine (its health). Secrets go in and never
// come out: only summaries (subjects, fingerprints, expiry) are returned.
import { z } from "zod";
import { AppError } from "./errors";
import type { FeedState } from "./live";
import type { ApiErrorDetail } from "./types";

/** One PEM or key text: certificates and keys are a few KiB; 64 KiB is plenty and keeps bodies small. */
export const MATERIAL_MAX = 64 * 1024;
/** The whole body of an add, edit or test. */
export const ENGINE_BODY_MAX = 256 * 1024;

const material = (what: string) =>
  z
    .string()
    .max(MATERIAL_MAX, `The ${what} is larger than ${MATERIAL_MAX / 1024} KiB: is it the right file?`)
    .refine((text) => text.trim().length > 0, `The ${what} is empty.`);

export const engineMaterial = z.object({
  tls: z
    .object({
      ca: material("CA certificate").optional(),
      cert: material("client certificate").optional(),
      key: material("client key").optional(),
    })
    .strict()
    .optional(),
  ssh: z
    .object({
      privateKey: material("SSH private key").optional(),
      knownHosts: material("known_hosts text").optional(),
    })
    .strict()
    .optional(),
});
export type EngineMaterialInput = z.infer<typeof engineMaterial>;

export const engineIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "1-32 of a-z, 0-9, _ and -, starting with a letter or digit.");

/** An engine id from a path: 400 when it cannot be one. */
export function parseEngineId(raw: string): string {
  const parsed = engineIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", `"${raw.slice(0, 40)}" is not an engine id.`);
  return parsed.data;
}

/** POST /api/engines: a new engine. */
export const newEngineBody = engineMaterial
  .extend({
    id: engineIdSchema,
    address: z.string().max(1024, "At most 1024 characters."),
    /** Free text shown beside the engine. */
    description: z.string().trim().max(200, "At most 200 characters.").optional(),
  })
  .strict();
export type NewEngineBody = z.infer<typeof newEngineBody>;

/** PUT /api/engines/[id]: material left out is kept as stored. */
export const editEngineBody = engineMaterial
  .extend({
    address: z.string().max(1024, "At most 1024 characters."),
    description: z.string().trim().max(200, "At most 200 characters.").optional(),
    /** Drop the stored client certificate and key (connect with the CA only). */
    dropClientCert: z.boolean().optional(),
  })
  .strict();
export type EditEngineBody = z.infer<typeof editEngineBody>;

/** POST /api/engines/test: an engine as it would be added; `from` fills left-out material from a stored one. */
export const testEngineBody = engineMaterial
  .extend({
    address: z.string().max(1024, "At most 1024 characters."),
    from: engineIdSchema.optional(),
    dropClientCert: z.boolean().optional(),
  })
  .strict();
export type TestEngineBody = z.infer<typeof testEngineBody>;

/** The engine id offered for a docker context: its name in the characters an id allows. */
export function engineIdForContext(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, 32)
    .replace(/[-_]+$/, "");
  return id || "context";
}

/** POST /api/engines/contexts: one docker context made into an engine. */
export const importContextBody = engineMaterial
  .pick({ ssh: true })
  .extend({ context: z.string().min(1).max(200), id: engineIdSchema })
  .strict();

export interface CertSummary {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, colon-separated hex (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
  isCa: boolean;
  expired: boolean;
}

export interface SshKeySummary {
  type: string;
  /** SHA256:base64, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  comment: string | null;
}

/** What is stored for an engine, safe to show again. */
export interface EngineMaterialSummary {
  ca: CertSummary[];
  cert: CertSummary | null;
  sshKey: SshKeySummary | null;
  /** Host patterns of the known_hosts lines ("(hashed)" for hashed ones). */
  knownHosts: string[];
}

export type EngineKind = "unix" | "tcp" | "ssh";

/** One engine on /engines: how it is configured and how it is doing. */
export interface EngineEntryDto {
  id: string;
  address: string;
  kind: EngineKind;
  /** "env": from NETATLAS_ENGINES/DOCKER_HOST (change it there); "ui": added on /engines. */
  source: "env" | "ui";
  tls: boolean;
  description: string | null;
  /** Where it came from when imported: the docker context's name. */
  context: string | null;
  added: { at: string; by: string } | null;
  changed: { at: string; by: string } | null;
  /** Admins only: summaries of the stored material. */
  material: EngineMaterialSummary | null;
  health: EngineHealthDto;
}

export interface EngineHealthDto {
  /** The live feed's state; "idle" when the server is not following Docker right now. */
  state: FeedState | "idle";
  /** When it entered that state (down since when). */
  since: string | null;
  lastEventAt: string | null;
  /** Docker's event time to our receipt, for the last event (ms). */
  lagMs: number | null;
  reconnects: number;
  version: string | null;
  apiVersion: string | null;
  os: string | null;
  swarmRole: "manager" | "worker" | null;
  error: ApiErrorDetail | null;
}

export interface EngineListDto {
  engines: EngineEntryDto[];
}

/** The answer of a connection test: what answered, or exactly what failed. */
export type EngineTestDto =
  | {
      ok: true;
      ms: number;
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
      hostname: string | null;
      swarmRole: "manager" | "worker" | null;
    }
  | { ok: false; ms: number; cause: string; message: string; detail: string | null };

/** A docker CLI context found in the server's context store. */
export interface DockerContextDto {
  name: string;
  description: string | null;
  address: string;
  kind: EngineKind | null;
  tls: { ca: boolean; cert: boolean; key: boolean; skipVerify: boolean };
  current: boolean;
  /** The engine already made from it (same address), if any. */
  importedAs: string | null;
  /** Why it cannot be imported as it is (a plain tcp:// endpoint, SSH needing a key), or null. */
  needs: string | null;
}

export interface DockerContextListDto {
  /** The store read: $DOCKER_CONFIG/contexts or ~/.docker/contexts. */
  store: string;
  contexts: DockerContextDto[];
}
