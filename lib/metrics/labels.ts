// Label values for the metrics, each from a fixed set: Prometheus keeps one series per distinct label set, so a
// label that carried a name, an id or a path from a request would let anyone grow the server's (and
// Prometheus's) memory without bound. Whatever does not fit the set becomes "other". Pure.

/**
 * The Docker operation of an engineCall action: the actions are sentences for error messages and some name
 * the object ("inspect network web-net", "connect web1 to front"), so they are mapped to a fixed set here.
 * The order matters: the first rule that matches wins.
 */
const DOCKER_OPERATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^read the engine version$/, "version"],
  [/^read engine info$/, "info"],
  [/^open the events stream$/, "events"],
  [/^list (running )?containers$/, "container.list"],
  [/^list networks$/, "network.list"],
  [/^list swarm nodes$/, "swarm.nodes"],
  [/^list swarm services$/, "swarm.services"],
  [/^list swarm tasks$/, "swarm.tasks"],
  [/^inspect network /, "network.inspect"],
  [/^inspect container /, "container.inspect"],
  [/^inspect image /, "image.inspect"],
  [/^read stats of container /, "container.stats"],
  [/^create network /, "network.create"],
  [/^remove network /, "network.remove"],
  [/^connect .+ to /, "network.connect"],
  [/^disconnect .+ from /, "network.disconnect"],
  [/^create a probe helper/, "probe_helper.create"],
  [/^attach to the probe helper/, "probe_helper.attach"],
  [/^start the probe helper/, "probe_helper.start"],
  [/^read the probe helper's exit code/, "probe_helper.wait"],
  [/^remove the probe helper/, "probe_helper.remove"],
];

export const DOCKER_OPERATION_LABELS: readonly string[] = [
  ...new Set(DOCKER_OPERATIONS.map(([, op]) => op)),
  "other",
];

export function dockerOperation(action: string): string {
  for (const [pattern, operation] of DOCKER_OPERATIONS) if (pattern.test(action)) return operation;
  return "other";
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "other";
}

/** An audit action named in code: `network.create`, `probe.ping`, `auth.login`, `resync`. */
const CODE_ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*){0,2}$/;
/** The guard's default action for a refused change: "METHOD /path" (the path is the client's). */
const REQUEST_ACTION = /^([A-Z]+) (\/\S*)$/;
const ACTION_MAX_LENGTH = 48;
/** Distinct action labels kept; beyond, new ones count as "other" (code has about 40). */
export const MAX_ACTION_LABELS = 100;

/**
 * The label for an audit entry's action. Actions named in code are kept as they are; a refusal the guard
 * named "METHOD /path" becomes "METHOD route" (`DELETE /api/networks/[id]`) with `routeOf`, so a path a
 * client made up never becomes a label; anything else is "other". `seen` caps the distinct values.
 */
export function actionLabel(
  action: string,
  routeOf: (pathname: string) => string,
  seen: Set<string>,
): string {
  let label = "other";
  if (action.length <= ACTION_MAX_LENGTH && CODE_ACTION.test(action)) label = action;
  else {
    const m = REQUEST_ACTION.exec(action);
    if (m?.[1] && m[2]) label = `${methodLabel(m[1])} ${routeOf(m[2].split("?")[0] ?? "/")}`;
  }
  if (seen.has(label)) return label;
  if (seen.size >= MAX_ACTION_LABELS) return "other";
  seen.add(label);
  return label;
}
