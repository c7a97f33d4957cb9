// The "New network" form's state, and the one pure function that turns it into the body POSTed to
// /api/networks: what is validated, what the CLI hint shows and what is sent are the same object.
import type { CreateNetworkInput, KnownOption } from "@/lib/api/networks";
import { DRIVER_OPTIONS } from "@/lib/api/networks";
import type { FieldProblem } from "@/lib/api/types";

/** The drivers offered by name; anything else is a plugin typed in by hand. */
export const DRIVERS = ["bridge", "overlay", "macvlan", "ipvlan"] as const;
/** The Driver select's value for "other (plugin)…": never a real driver name (it has a space). */
export const PLUGIN = "other (plugin)";
export const SCOPES = ["local", "swarm", "global"] as const;
export const MAX_POOLS = 8;

export interface PoolState {
  /** Stable React key: pools can be removed from the middle. */
  key: number;
  subnet: string;
  ipRange: string;
  gateway: string;
  /** name=address, one per line. */
  aux: string;
}

export interface FormState {
  engine: string;
  name: string;
  /** One of DRIVERS, or PLUGIN. */
  driver: string;
  pluginDriver: string;
  internal: boolean;
  attachable: boolean;
  /** key=value, one per line. */
  labels: string;
  ipv6: boolean;
  ipamDriver: string;
  /** key=value, one per line. */
  ipamOptions: string;
  pools: PoolState[];
  /**
   * Known driver options by key, "" when not set. Kept across driver changes, so bridge → overlay keeps the
   * MTU and macvlan → ipvlan keeps the parent; only the chosen driver's keys are sent.
   */
  known: Record<string, string>;
  advanced: boolean;
  /** key=value, one per line; sent only with `advanced`. */
  otherOptions: string;
  scope: "" | (typeof SCOPES)[number];
  ingress: boolean;
  configOnly: boolean;
  configFrom: string;
}

/** How the form's sections change the state: a shallow patch, as React's setState would merge it. */
export type Update = (patch: Partial<FormState>) => void;

export function emptyForm(engine = ""): FormState {
  return {
    engine,
    name: "",
    driver: "bridge",
    pluginDriver: "",
    internal: false,
    attachable: false,
    labels: "",
    ipv6: false,
    ipamDriver: "default",
    ipamOptions: "",
    // One row to fill in from the start (left empty, Docker chooses), rather than a pool behind a button.
    pools: [emptyPool(1)],
    known: {},
    advanced: false,
    otherOptions: "",
    scope: "",
    ingress: false,
    configOnly: false,
    configFrom: "",
  };
}

export function emptyPool(key: number): PoolState {
  return { key, subnet: "", ipRange: "", gateway: "", aux: "" };
}

/** A pool row with nothing typed in it: the form's default row, which leaves the subnet to Docker. */
export function blankPool(pool: PoolState): boolean {
  return [pool.subnet, pool.ipRange, pool.gateway, pool.aux].every((text) => text.trim() === "");
}

/**
 * Whether --attachable means anything for this form: swarm-scoped networks only (overlay, or another driver
 * with --scope swarm); a local bridge has nothing to attach to, so the option is neither shown nor sent.
 */
export function attachableApplies(state: FormState): boolean {
  return driverName(state) === "overlay" || state.scope === "swarm";
}

/** The flag value a checked "flag" option is stored with in `known` (sent as a bare key). */
export const FLAG_ON = "on";

/** The driver name the form stands for ("" while a plugin's name is still to be typed). */
export function driverName(state: FormState): string {
  return state.driver === PLUGIN ? state.pluginDriver.trim() : state.driver;
}

/** The known options of the chosen driver; none for a plugin (Netatlas cannot know them). */
export function optionsOf(state: FormState): KnownOption[] {
  const driver = driverName(state);
  // Own keys only, as in lib/analysis: a plugin named "constructor" must not find Object's members.
  return Object.hasOwn(DRIVER_OPTIONS, driver) ? (DRIVER_OPTIONS[driver] ?? []) : [];
}

export interface KeyValues {
  values: Record<string, string>;
  /** One message per line that could not be read. */
  problems: string[];
}

/**
 * Reads "key=value" lines. Blank lines are skipped; a key may appear once (a second one would silently win
 * in the CLI). `bare`: what a line without "=" means; "key" makes it a key with an empty value (as
 * `--label foo` and `--opt encrypted` do), "refuse" reports it.
 */
export function parseKeyValues(text: string, bare: "key" | "refuse", what = "key=value"): KeyValues {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const eq = trimmed.indexOf("=");
    if (eq < 0 && bare === "refuse") {
      problems.push(`Line ${i + 1}: write ${what}.`);
      return;
    }
    const key = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim();
    const value = eq < 0 ? "" : trimmed.slice(eq + 1).trim();
    if (!key) {
      problems.push(`Line ${i + 1}: the part before "=" is empty.`);
      return;
    }
    if (Object.hasOwn(values, key)) {
      problems.push(`Line ${i + 1}: "${key}" is already set above.`);
      return;
    }
    values[key] = value;
  });
  return { values, problems };
}

export interface BuiltBody {
  /** Exactly what is POSTed; empty optional fields are left out. */
  body: CreateNetworkInput;
  /** Lines of the form's text areas that could not be read, by field (as the checks name fields). */
  problems: FieldProblem[];
}

/** The request the form stands for. `sendEngine`: whether the engine must be named (several are configured). */
export function buildCreateBody(state: FormState, sendEngine: boolean): BuiltBody {
  const problems: FieldProblem[] = [];
  const read = (field: string, text: string, bare: "key" | "refuse", what?: string) => {
    const parsed = parseKeyValues(text, bare, what);
    for (const message of parsed.problems) problems.push({ field, message });
    return parsed.values;
  };
  const body: CreateNetworkInput = { name: state.name.trim() };
  if (sendEngine && state.engine) body.engine = state.engine;
  const driver = driverName(state);
  // The plugin's name is required: an empty one is sent so that the schema says so, next to its input.
  if (driver !== "bridge" || state.driver === PLUGIN) body.driver = driver;
  if (state.scope) body.scope = state.scope;
  if (state.internal) body.internal = true;
  if (state.attachable && attachableApplies(state)) body.attachable = true;
  if (state.ingress) body.ingress = true;
  if (state.ipv6) body.ipv6 = true;
  if (state.configOnly) body.configOnly = true;
  if (state.configFrom) body.configFrom = state.configFrom;
  const ipamDriver = state.ipamDriver.trim();
  if (ipamDriver && ipamDriver !== "default") body.ipamDriver = ipamDriver;
  const ipamOptions = read("ipamOptions", state.ipamOptions, "key");
  if (Object.keys(ipamOptions).length) body.ipamOptions = ipamOptions;

  // Only blank rows (the default one): no pool, Docker picks a free subnet and its gateway.
  if (!state.pools.every(blankPool)) {
    // Every row is sent, even an empty one, so that "pools.N" in a problem is the Nth row on screen.
    body.pools = state.pools.map((pool, i) => {
      const aux = read(`pools.${i}.auxAddresses`, pool.aux, "refuse", "name=address");
      return {
        subnet: pool.subnet.trim(),
        ...(pool.ipRange.trim() ? { ipRange: pool.ipRange.trim() } : {}),
        ...(pool.gateway.trim() ? { gateway: pool.gateway.trim() } : {}),
        ...(Object.keys(aux).length ? { auxAddresses: aux } : {}),
      };
    });
  }

  const options: Record<string, string> = {};
  const fromForm = new Set<string>();
  for (const option of optionsOf(state)) {
    const value = (state.known[option.key] ?? "").trim();
    if (!value) continue;
    if (option.kind === "flag") {
      if (value !== FLAG_ON) continue;
      options[option.key] = "";
    } else options[option.key] = value;
    fromForm.add(option.key);
  }
  if (state.advanced) {
    const other = read("otherOptions", state.otherOptions, "key");
    for (const [key, value] of Object.entries(other)) {
      if (fromForm.has(key)) {
        problems.push({ field: "otherOptions", message: `"${key}" is already set in its own field above.` });
        continue;
      }
      options[key] = value;
    }
    body.advanced = true;
  }
  if (Object.keys(options).length) body.options = options;

  const labels = read("labels", state.labels, "key");
  if (Object.keys(labels).length) body.labels = labels;
  return { body, problems };
}
