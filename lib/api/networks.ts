// The wire contract of network changes: the bodies of create requests, and the docker CLI command that does
// the same thing (shown next to every action, so the dashboard teaches as it works). Pure.
import { z } from "zod";

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const createNetworkBody = z.strictObject({
  /** Which engine; may be left out when only one is configured. */
  engine: z.string().max(32).optional(),
  name: z
    .string()
    .min(1, "Name the network.")
    .max(128, "At most 128 characters.")
    .regex(NAME, "Letters, digits, and _ . - only; start with a letter or digit."),
  driver: z.string().min(1).max(64).regex(NAME, "A driver name, e.g. bridge.").default("bridge"),
  internal: z.boolean().default(false),
  attachable: z.boolean().default(false),
  labels: z.record(z.string().min(1).max(256), z.string().max(1024)).default({}),
});

export type CreateNetworkBody = z.infer<typeof createNetworkBody>;

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function networkCreateCommand(body: Omit<CreateNetworkBody, "engine">): string {
  const parts = ["docker", "network", "create"];
  if (body.driver && body.driver !== "bridge") parts.push("--driver", body.driver);
  if (body.internal) parts.push("--internal");
  if (body.attachable) parts.push("--attachable");
  for (const [k, v] of Object.entries(body.labels ?? {})) parts.push("--label", v === "" ? k : `${k}=${v}`);
  parts.push(body.name);
  return parts.map(shellWord).join(" ");
}

export function networkRemoveCommand(name: string): string {
  return `docker network rm ${shellWord(name)}`;
}
