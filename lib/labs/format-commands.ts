// One lab command, from its words to what runs: placeholders substituted, the subcommand checked against the
// short list labs may use, the safety rule applied (a lab removes or changes only objects it made itself, earlier
// in the file), and the lab label added to whatever it creates so Reset finds it. Pure: used by
// lib/labs/format.ts, which walks the commands in file order with one `LabMade` per lab.
import { LAB_LABEL } from "@/lib/api/labs";
import {
  EXEC_OPTIONS,
  FORCE_OPTION,
  has,
  INSPECT_OPTIONS,
  KILL_OPTIONS,
  NETWORK_CONNECT_OPTIONS,
  NETWORK_CREATE_OPTIONS,
  NO_OPTIONS,
  type OptionTable,
  type ParsedArgs,
  parseArgs,
  RM_OPTIONS,
  RUN_OPTIONS,
  SERVICE_CREATE_OPTIONS,
  SERVICE_SCALE_OPTIONS,
  SERVICE_UPDATE_OPTIONS,
  STOP_OPTIONS,
  values,
} from "./format-options";

/** Names the lab's commands have created so far, in file order. */
export interface LabMade {
  containers: Set<string>;
  networks: Set<string>;
  services: Set<string>;
}

export const labMade = (): LabMade => ({ containers: new Set(), networks: new Set(), services: new Set() });

export interface CommandContext {
  labId: string;
  /** The lab's `needs` is swarm: services, overlay networks and `on: worker` are allowed. */
  swarm: boolean;
  on: "manager" | "worker";
  /** What {tools} and {parent} stand for. */
  image: string;
  parent: string;
  made: LabMade;
}

export type CheckedCommand = { argv: string[]; images: string[] } | { error: string };
type Checked = { images: string[] } | { error: string };

/** Networks every engine has: a lab may connect to them without making them (never remove them). */
export const PREDEFINED_NETWORKS: ReadonlySet<string> = new Set(["bridge", "host", "none"]);

interface Subcommand {
  options: OptionTable;
  /** false: the first operand ends the options (the image or container, then its own command line). */
  interspersed: boolean;
  /** Checks operands and options against the rules and the lab's objects; on success records what it makes. */
  check: (args: ParsedArgs, ctx: CommandContext) => Checked;
  /** The words inserted right after the subcommand so what it creates carries the lab label. */
  label?: (id: string) => string[];
  swarmOnly?: boolean;
}

const objectLabel = (id: string) => ["--label", `${LAB_LABEL}=${id}`];

const SUBCOMMANDS: Record<string, Subcommand> = {
  run: {
    options: RUN_OPTIONS,
    interspersed: false,
    check: (a, c) => checkRunCreate(a, c, true),
    label: objectLabel,
  },
  create: {
    options: RUN_OPTIONS,
    interspersed: false,
    check: (a, c) => checkRunCreate(a, c, false),
    label: objectLabel,
  },
  start: containers(NO_OPTIONS),
  stop: containers(STOP_OPTIONS),
  restart: containers(STOP_OPTIONS),
  kill: containers(KILL_OPTIONS),
  rm: containers(RM_OPTIONS),
  pause: containers(NO_OPTIONS),
  unpause: containers(NO_OPTIONS),
  exec: { options: EXEC_OPTIONS, interspersed: false, check: checkExec },
  rename: { options: NO_OPTIONS, interspersed: true, check: checkRename },
  inspect: { options: INSPECT_OPTIONS, interspersed: true, check: checkInspect },
  "network create": {
    options: NETWORK_CREATE_OPTIONS,
    interspersed: true,
    check: checkNetworkCreate,
    label: objectLabel,
  },
  "network connect": { options: NETWORK_CONNECT_OPTIONS, interspersed: true, check: checkConnect },
  "network disconnect": { options: FORCE_OPTION, interspersed: true, check: checkConnect },
  "network rm": { options: FORCE_OPTION, interspersed: true, check: checkNetworkRm },
  "service create": {
    options: SERVICE_CREATE_OPTIONS,
    interspersed: false,
    check: checkServiceCreate,
    label: (id) => [...objectLabel(id), "--container-label", `${LAB_LABEL}=${id}`],
    swarmOnly: true,
  },
  "service update": {
    options: SERVICE_UPDATE_OPTIONS,
    interspersed: true,
    check: checkServiceUpdate,
    swarmOnly: true,
  },
  "service scale": {
    options: SERVICE_SCALE_OPTIONS,
    interspersed: true,
    check: checkServiceScale,
    swarmOnly: true,
  },
  "service rm": { options: NO_OPTIONS, interspersed: true, check: checkServiceRm, swarmOnly: true },
};

const GROUPS = ["network", "service"];

/** The subcommands labs may run, as docs and errors list them. */
export const LAB_SUBCOMMANDS = Object.keys(SUBCOMMANDS);

/**
 * Checks one command's words (starting with "docker") and gives its argv (the words after "docker", placeholders
 * substituted, the lab label added) and the images it uses. Records what it makes in `ctx.made` only when valid.
 */
export function checkCommand(words: readonly string[], ctx: CommandContext): CheckedCommand {
  if (words[0] !== "docker")
    return { error: `a lab command starts with docker, not ${JSON.stringify(words[0])}` };
  const substituted: string[] = [];
  for (const word of words.slice(1)) {
    const s = substitute(word, ctx);
    if (typeof s !== "string") return s;
    substituted.push(s);
  }
  const first = substituted[0];
  if (first === undefined) return { error: "docker with no subcommand" };
  if (first.startsWith("-")) {
    return { error: `docker's own options (${first}) are not allowed: Netatlas chooses the engine` };
  }
  const depth = GROUPS.includes(first) ? 2 : 1;
  const name = substituted.slice(0, depth).join(" ");
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    const allowed = depth === 2 ? LAB_SUBCOMMANDS.filter((s) => s.startsWith(`${first} `)) : LAB_SUBCOMMANDS;
    return { error: `docker ${name} is not a command labs may run; allowed: ${allowed.join(", ")}` };
  }
  if (sub.swarmOnly && !ctx.swarm) return { error: `docker ${name} needs a swarm: set needs: swarm` };
  if (sub.swarmOnly && ctx.on === "worker")
    return { error: `docker ${name} runs on the manager, not on: worker` };
  const rest = substituted.slice(depth);
  const parsed = parseArgs(rest, sub.options, sub.interspersed);
  if ("error" in parsed) return { error: `docker ${name}: ${parsed.error}` };
  const labelError = checkLabels(parsed);
  if (labelError) return { error: labelError };
  const checked = sub.check(parsed, ctx);
  if ("error" in checked) return { error: `docker ${name}: ${checked.error}` };
  const argv = [...substituted.slice(0, depth), ...(sub.label?.(ctx.labId) ?? []), ...rest];
  return { argv, images: checked.images };
}

const PLACEHOLDER = /(?<!\{)\{([A-Za-z0-9_-]+)\}(?!\})/g;

/** {tools} and {parent} inside a word; anything else in single braces is a typo ({{…}} Go templates stay). */
function substitute(word: string, ctx: CommandContext): string | { error: string } {
  let bad: string | null = null;
  const out = word.replace(PLACEHOLDER, (whole, key: string) => {
    if (key === "tools") return ctx.image;
    if (key === "parent") return ctx.parent;
    bad ??= whole;
    return whole;
  });
  return bad ? { error: `unknown placeholder ${bad}: the placeholders are {tools} and {parent}` } : out;
}

const LABEL_OPTIONS = [
  "--label",
  "--container-label",
  "--label-add",
  "--container-label-add",
  "--label-rm",
  "--container-label-rm",
];

function checkLabels(parsed: ParsedArgs): string | null {
  for (const o of parsed.options) {
    if (LABEL_OPTIONS.includes(o.name) && o.value.split("=")[0] === LAB_LABEL) {
      return `${o.name} ${o.value}: ${LAB_LABEL} is the lab label, added by Netatlas (Reset relies on it)`;
    }
  }
  return null;
}

type Kind = "container" | "network" | "service";

/** The safety rule in one place: the named object must be one the lab made earlier in the file. */
function notMade(ctx: CommandContext, kind: Kind, name: string): string | null {
  const set = { container: ctx.made.containers, network: ctx.made.networks, service: ctx.made.services }[
    kind
  ];
  if (set.has(name)) return null;
  return `${kind} ${JSON.stringify(name)} is not made by this lab before this command (a lab changes only what it made itself)`;
}

function firstError(...errors: Array<string | null>): { error: string } | null {
  const e = errors.find((x) => x !== null);
  return e ? { error: e } : null;
}

/** A network operand as docker reads --network: a name, or name=…/target=… in the long form. */
function networkName(value: string): string {
  const long = /(?:^|,)(?:name|target)=([^,]+)/.exec(value);
  return value.includes("=") && long?.[1] ? long[1] : value;
}

/** --link NAME:ALIAS names a container. */
const linkName = (value: string): string => value.split(":")[0] ?? value;

function networkUsable(ctx: CommandContext, name: string): string | null {
  return PREDEFINED_NETWORKS.has(name) ? null : notMade(ctx, "network", name);
}

function containers(options: OptionTable): Subcommand {
  return {
    options,
    interspersed: true,
    check: (args, ctx) => {
      if (args.operands.length === 0) return { error: "names no container" };
      return firstError(...args.operands.map((n) => notMade(ctx, "container", n))) ?? { images: [] };
    },
  };
}

/** Capabilities a networking lab needs (tc, iptables, raw sockets, low ports); anything broader is refused. */
const LAB_CAPABILITIES = new Set(["NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE"]);

function capabilityProblem(args: ParsedArgs): string | null {
  for (const cap of values(args, "--cap-add")) {
    if (!LAB_CAPABILITIES.has(cap.toUpperCase().replace(/^CAP_/, ""))) {
      return `--cap-add ${cap}: labs may add only ${[...LAB_CAPABILITIES].join(", ")}`;
    }
  }
  return null;
}

function needsDetach(args: ParsedArgs): string | null {
  const terminal = has(args, "--interactive") || has(args, "--tty");
  return terminal && !has(args, "--detach") ? "-i and -t only with -d: a lab command has no terminal" : null;
}

function checkRunCreate(args: ParsedArgs, ctx: CommandContext, run: boolean): Checked {
  const image = args.operands[0];
  if (image === undefined) return { error: "no image" };
  const problem = firstError(
    run ? needsDetach(args) : null,
    capabilityProblem(args),
    ...values(args, "--network").map((v) => {
      const n = networkName(v);
      return n.startsWith("container:") ? notMade(ctx, "container", n.slice(10)) : networkUsable(ctx, n);
    }),
    ...values(args, "--link").map((v) => notMade(ctx, "container", linkName(v))),
  );
  if (problem) return problem;
  for (const name of values(args, "--name")) ctx.made.containers.add(name);
  return { images: [image] };
}

function checkExec(args: ParsedArgs, ctx: CommandContext): Checked {
  const [container, ...command] = args.operands;
  if (container === undefined) return { error: "names no container" };
  if (command.length === 0) return { error: "no command to run in the container" };
  return firstError(needsDetach(args), notMade(ctx, "container", container)) ?? { images: [] };
}

function checkRename(args: ParsedArgs, ctx: CommandContext): Checked {
  const [from, to, ...more] = args.operands;
  if (from === undefined || to === undefined || more.length > 0)
    return { error: "takes the old name and the new one" };
  const problem = notMade(ctx, "container", from);
  if (problem) return { error: problem };
  ctx.made.containers.add(to);
  return { images: [] };
}

function checkInspect(args: ParsedArgs, ctx: CommandContext): Checked {
  if (args.operands.length === 0) return { error: "names nothing to inspect" };
  const { containers, networks, services } = ctx.made;
  for (const name of args.operands) {
    const known =
      containers.has(name) || networks.has(name) || services.has(name) || PREDEFINED_NETWORKS.has(name);
    if (!known) return { error: `${JSON.stringify(name)} is not made by this lab before this command` };
  }
  return { images: [] };
}

function checkNetworkCreate(args: ParsedArgs, ctx: CommandContext): Checked {
  const [name, ...more] = args.operands;
  if (name === undefined || more.length > 0) return { error: "takes one network name" };
  if (!ctx.swarm && values(args, "--driver").includes("overlay")) {
    return { error: "an overlay network needs a swarm: set needs: swarm" };
  }
  const problem = firstError(...values(args, "--config-from").map((n) => notMade(ctx, "network", n)));
  if (problem) return problem;
  ctx.made.networks.add(name);
  return { images: [] };
}

function checkConnect(args: ParsedArgs, ctx: CommandContext): Checked {
  const [network, container, ...more] = args.operands;
  if (network === undefined || container === undefined || more.length > 0) {
    return { error: "takes a network and a container" };
  }
  return (
    firstError(
      networkUsable(ctx, network),
      notMade(ctx, "container", container),
      ...values(args, "--link").map((v) => notMade(ctx, "container", linkName(v))),
    ) ?? { images: [] }
  );
}

function checkNetworkRm(args: ParsedArgs, ctx: CommandContext): Checked {
  if (args.operands.length === 0) return { error: "names no network" };
  return firstError(...args.operands.map((n) => notMade(ctx, "network", n))) ?? { images: [] };
}

function checkServiceCreate(args: ParsedArgs, ctx: CommandContext): Checked {
  const image = args.operands[0];
  if (image === undefined) return { error: "no image" };
  const problem = firstError(
    capabilityProblem(args),
    ...values(args, "--network").map((v) => networkUsable(ctx, networkName(v))),
  );
  if (problem) return problem;
  for (const name of values(args, "--name")) ctx.made.services.add(name);
  return { images: [image] };
}

function checkServiceUpdate(args: ParsedArgs, ctx: CommandContext): Checked {
  const [service, ...more] = args.operands;
  if (service === undefined || more.length > 0) return { error: "takes one service name" };
  const networks = [...values(args, "--network-add"), ...values(args, "--network-rm")].map(networkName);
  const problem = firstError(
    notMade(ctx, "service", service),
    capabilityProblem(args),
    ...networks.map((n) => networkUsable(ctx, n)),
  );
  return problem ?? { images: values(args, "--image") };
}

function checkServiceScale(args: ParsedArgs, ctx: CommandContext): Checked {
  if (args.operands.length === 0) return { error: "names no service" };
  for (const operand of args.operands) {
    const m = /^(.+)=(\d+)$/.exec(operand);
    if (!m?.[1]) return { error: `${JSON.stringify(operand)} is not SERVICE=REPLICAS` };
    const problem = notMade(ctx, "service", m[1]);
    if (problem) return { error: problem };
  }
  return { images: [] };
}

function checkServiceRm(args: ParsedArgs, ctx: CommandContext): Checked {
  if (args.operands.length === 0) return { error: "names no service" };
  return firstError(...args.operands.map((n) => notMade(ctx, "service", n))) ?? { images: [] };
}
