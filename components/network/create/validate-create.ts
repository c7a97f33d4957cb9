// The form's checks as you type, the same ones the server runs before Docker is asked (schema, then
// lib/analysis/network-create against this engine's networks), each problem placed next to the input it is
// about. Pure.
import { checkCreateNetwork } from "@/lib/analysis/network-create";
import { type CreateNetworkInput, createNetworkBody } from "@/lib/api/networks";
import type { FieldProblem, NetworkDto } from "@/lib/api/types";
import { attachableApplies, buildCreateBody, type FormState, optionsOf, PLUGIN } from "./create-body";

/** The schema's own words for a regex without a message are a pattern dump; these say it for a person. */
const FRIENDLY: Record<string, string> = {
  ipamDriver: "An IPAM driver's name: letters, digits, and _ . - only.",
};

export interface Validation {
  body: CreateNetworkInput;
  /** Every problem, `field` being the input ("slot") it is shown next to. */
  problems: FieldProblem[];
}

/**
 * Where a problem about `field` (a path as the schema and the checks name it: "pools.0.gateway",
 * "options.parent", "labels.x") is shown in the form.
 */
export function slotOf(field: string, state: FormState): string {
  const [head = "", index, leaf] = field.split(".");
  switch (head) {
    case "pools":
      if (index === undefined || leaf === undefined) return "pools";
      return `pools.${index}.${leaf}`;
    case "options": {
      const key = field.slice("options.".length);
      // A known option has its own input, unless it came in through "Other options" (advanced).
      const own = optionsOf(state).some((o) => o.key === key) && (state.known[key] ?? "").trim() !== "";
      return own ? `options.${key}` : "otherOptions";
    }
    case "labels":
    case "ipamOptions":
      return head;
    case "driver":
      return state.driver === PLUGIN ? "pluginDriver" : "driver";
    default:
      return head;
  }
}

/** The inputs the form shows for this state: a problem about anything else is listed under the form. */
export function slotsShown(state: FormState, several: boolean): Set<string> {
  const slots = new Set([
    "name",
    state.driver === PLUGIN ? "pluginDriver" : "driver",
    "internal",
    "labels",
    "ipv6",
    "ipamDriver",
    "ipamOptions",
    "pools",
    "advanced",
    "otherOptions",
    "scope",
    "ingress",
    "configOnly",
    "configFrom",
  ]);
  if (several) slots.add("engine");
  if (attachableApplies(state)) slots.add("attachable");
  state.pools.forEach((_, i) => {
    for (const leaf of ["subnet", "ipRange", "gateway", "auxAddresses"]) slots.add(`pools.${i}.${leaf}`);
  });
  for (const option of optionsOf(state)) slots.add(`options.${option.key}`);
  return slots;
}

/**
 * The body the form would send and everything wrong with it. `networks`: the chosen engine's networks, for
 * overlaps, the taken-name check and config-from.
 */
export function validateCreate(state: FormState, engines: string[], networks: NetworkDto[]): Validation {
  const { body, problems: unread } = buildCreateBody(state, engines.length > 1);
  const problems: FieldProblem[] = [...unread];
  const parsed = createNetworkBody.safeParse(body);
  if (!parsed.success) {
    const said = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join(".");
      // The schema's first word on a field is enough: an empty name is "Name the network.", not also a
      // pattern it does not match.
      if (said.has(field)) continue;
      said.add(field);
      const friendly = issue.code === "invalid_format" ? FRIENDLY[field] : undefined;
      problems.push({ field, message: friendly ?? issue.message });
    }
  } else {
    problems.push(...checkCreateNetwork(parsed.data, networks));
  }
  // The server refuses a taken name (409) before its other checks; saying so here saves the round trip.
  const taken = networks.find((n) => n.name === body.name);
  if (taken)
    problems.push({ field: "name", message: `A network named "${taken.name}" already exists here.` });
  return { body, problems: problems.map((p) => placed(p, state)) };
}

/**
 * A problem (ours, or one the server found, such as a macvlan parent the engine's host lacks) moved to its
 * input; when that input holds several entries, the message names the one meant.
 */
export function placed(problem: FieldProblem, state: FormState): FieldProblem {
  const slot = slotOf(problem.field, state);
  if (slot === problem.field) return problem;
  const entry = problem.field.startsWith("options.")
    ? problem.field.slice("options.".length)
    : problem.field.startsWith(`${slot}.`)
      ? problem.field.slice(slot.length + 1)
      : "";
  return { field: slot, message: entry ? `${entry}: ${problem.message}` : problem.message };
}
