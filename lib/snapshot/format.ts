// The snapshot file: everything the map, the tables, reach, DNS and findings are computed from (the topology,
// each engine's host facts, the tier label), frozen at one moment, so a snapshot opened later (or elsewhere, with
// no engine at all) gives the same answers as the live pages gave then. Versioned: an importer refuses a newer
// version by name instead of misreading it. Pure: built on the server, read in the browser.
import { z } from "zod";
import type { HostFactsDto } from "@/lib/api/reach";
import type { TopologyDto } from "@/lib/api/types";
import { hostFactsSchema, topologySchema } from "./schema";

export const SNAPSHOT_FORMAT = "netatlas-snapshot";
export const SNAPSHOT_VERSION = 1;

/** What a snapshot was cleaned of before it left the server (lib/snapshot/redact.ts says how). */
export const REDACTIONS = ["labels", "env", "addresses"] as const;
export type Redaction = (typeof REDACTIONS)[number];

/** One line per engine, so a person sees what the file holds before reading the topology. */
export interface SnapshotEngine {
  id: string;
  status: "up" | "unreachable";
  version: string | null;
  hostname: string | null;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** ISO time the snapshot was taken. */
  takenAt: string;
  /** The Netatlas that took it (package.json's version). */
  netatlasVersion: string;
  engines: SnapshotEngine[];
  /** How the map was drawn: the label key that names a tier (tiers feed the findings and the matrix filter). */
  settings: { tierLabel: string };
  topology: TopologyDto;
  /** One per engine: what the reach, DNS and findings models read besides the topology. */
  hostFacts: HostFactsDto[];
  /** What was removed or replaced before export; empty for a full snapshot. */
  redacted: Redaction[];
}

export function buildSnapshot(input: {
  topology: TopologyDto;
  hostFacts: HostFactsDto[];
  takenAt: Date;
  netatlasVersion: string;
  tierLabel: string;
}): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    takenAt: input.takenAt.toISOString(),
    netatlasVersion: input.netatlasVersion,
    engines: input.topology.engines.map((e) => ({
      id: e.id,
      status: e.status,
      version: e.version,
      hostname: e.hostname,
    })),
    settings: { tierLabel: input.tierLabel },
    topology: input.topology,
    hostFacts: input.hostFacts,
    redacted: [],
  };
}

/** "netatlas-snapshot-2026-12-07T12-28-08Z.json": sortable, and valid on every file system (no colons). */
export function snapshotFileName(takenAt: string): string {
  return `netatlas-snapshot-${takenAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}.json`;
}

const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  takenAt: z.iso.datetime({ offset: true }),
  netatlasVersion: z.string(),
  engines: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["up", "unreachable"]),
      version: z.string().nullable(),
      hostname: z.string().nullable(),
    }),
  ),
  settings: z.object({ tierLabel: z.string().min(1) }),
  topology: topologySchema,
  hostFacts: z.array(hostFactsSchema),
  redacted: z.array(z.enum(REDACTIONS)),
});

/** Why a file was refused: not a snapshot at all, one from a newer Netatlas, or one that is damaged. */
export type SnapshotProblem = "not-json" | "not-a-snapshot" | "newer-version" | "damaged";

export class SnapshotError extends Error {
  constructor(
    readonly problem: SnapshotProblem,
    message: string,
  ) {
    super(message);
    this.name = "SnapshotError";
  }
}

/** At most this many problems are named; the rest are counted. */
const MAX_NAMED = 3;

/** Checks a file's text and gives the snapshot, or throws a SnapshotError that says what is wrong in words. */
export function parseSnapshot(text: string): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SnapshotError(
      "not-json",
      `This file is not a Netatlas snapshot: it is not JSON (${(err as Error).message}).`,
    );
  }
  const head =
    raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!head || head.format !== SNAPSHOT_FORMAT)
    throw new SnapshotError(
      "not-a-snapshot",
      `This file is not a Netatlas snapshot: it has no "format": "${SNAPSHOT_FORMAT}" field. Export one from the map (Export → Snapshot) or GET /api/snapshot.`,
    );
  if (typeof head.version === "number" && Number.isInteger(head.version) && head.version > SNAPSHOT_VERSION)
    throw new SnapshotError(
      "newer-version",
      `This snapshot was written by a newer Netatlas (snapshot version ${head.version}${typeof head.netatlasVersion === "string" ? `, Netatlas ${head.netatlasVersion}` : ""}); this one reads version ${SNAPSHOT_VERSION}. Open it with a newer Netatlas.`,
    );
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const named = issues
      .slice(0, MAX_NAMED)
      .map((i) => `${i.path.length ? i.path.join(".") : "(the whole file)"}: ${i.message}`);
    const more = issues.length > MAX_NAMED ? ` (and ${issues.length - MAX_NAMED} more)` : "";
    throw new SnapshotError(
      "damaged",
      `This snapshot is damaged and cannot be opened: ${named.join("; ")}${more}.`,
    );
  }
  return parsed.data as Snapshot;
}
