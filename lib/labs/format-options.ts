// The docker CLI options a lab command may use, per subcommand, and the reader that splits a command's words into
// options and operands the way the docker CLI does (-dit clusters, -p80:80, --name=x, --). A fixed list rather
// than "anything": the reader must know which options take a value to find the image and the names a command
// touches, and options that reach outside the lab's own objects (-v, --mount, --privileged, --env-file, -H) are
// simply not on it. Pure: used by lib/labs/format-commands.ts.

export interface OptionSpec {
  /** The long name, as options are compared: "--detach" for -d too. */
  canonical: string;
  takesValue: boolean;
}

export type OptionTable = ReadonlyMap<string, OptionSpec>;

/**
 * A table from space-separated names: single letters become -x, longer names --name; the first long name is the
 * canonical one ("d detach" → -d and --detach, both "--detach"; "network net" → "--network").
 */
export function optionTable(flags: readonly string[], values: readonly string[]): OptionTable {
  const table = new Map<string, OptionSpec>();
  const add = (names: string, takesValue: boolean) => {
    const list = names.split(" ").map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
    const spec = { canonical: list.find((n) => n.startsWith("--")) ?? names, takesValue };
    for (const name of list) table.set(name, spec);
  };
  for (const f of flags) add(f, false);
  for (const v of values) add(v, true);
  return table;
}

export interface ParsedArgs {
  /** Each option as given, by canonical name; a flag's value is "true" unless written --flag=false. */
  options: Array<{ name: string; value: string }>;
  operands: string[];
}

/**
 * Splits arguments into options and operands. With `interspersed` false (run, create, exec, service create) the
 * first operand ends the options: what follows is the container's own command line.
 */
export function parseArgs(
  args: readonly string[],
  table: OptionTable,
  interspersed: boolean,
): ParsedArgs | { error: string } {
  const options: ParsedArgs["options"] = [];
  const operands: string[] = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (!interspersed) {
        operands.push(...args.slice(i));
        break;
      }
      operands.push(arg);
      i++;
      continue;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg : arg.slice(0, eq);
      const spec = table.get(name);
      if (!spec) return { error: unknown(name) };
      if (!spec.takesValue) {
        const value = eq < 0 ? "true" : arg.slice(eq + 1);
        if (value !== "true" && value !== "false")
          return { error: `${name} is a switch: true or false, not "${value}"` };
        options.push({ name: spec.canonical, value });
        i++;
        continue;
      }
      const value = eq < 0 ? args[i + 1] : arg.slice(eq + 1);
      if (value === undefined) return { error: `${name} needs a value` };
      options.push({ name: spec.canonical, value });
      i += eq < 0 ? 2 : 1;
      continue;
    }
    // A cluster of short options: switches, then at most one that takes a value (the rest of the word or the
    // next word).
    let consumed = 1;
    for (let j = 1; j < arg.length; j++) {
      const name = `-${arg[j] ?? ""}`;
      const spec = table.get(name);
      if (!spec) return { error: unknown(name) };
      if (!spec.takesValue) {
        options.push({ name: spec.canonical, value: "true" });
        continue;
      }
      let value: string | undefined = arg.slice(j + 1).replace(/^=/, "");
      if (value === "") {
        value = args[i + 1];
        consumed = 2;
      }
      if (value === undefined) return { error: `${name} needs a value` };
      options.push({ name: spec.canonical, value });
      break;
    }
    i += consumed;
  }
  return { options, operands };
}

const unknown = (name: string) => `option ${name} is not one lab commands may use (docs/labs.md lists them)`;

export const has = (parsed: ParsedArgs, name: string): boolean =>
  parsed.options.some((o) => o.name === name && o.value !== "false");

export const values = (parsed: ParsedArgs, name: string): string[] =>
  parsed.options.filter((o) => o.name === name).map((o) => o.value);

const HEALTH = ["health-cmd", "health-interval", "health-retries", "health-timeout", "health-start-period"];
const RESOURCES = ["m memory", "cpus", "ulimit"];

/** docker run and docker create: no bind mounts, volumes, devices, privileges or other namespaces. */
export const RUN_OPTIONS = optionTable(
  [
    "d detach",
    "i interactive",
    "t tty",
    "rm",
    "P publish-all",
    "init",
    "read-only",
    "no-healthcheck",
    "q quiet",
  ],
  [
    "name",
    "p publish",
    "network net",
    "network-alias net-alias",
    "ip",
    "ip6",
    "link",
    "link-local-ip",
    "mac-address",
    "h hostname",
    "domainname",
    "dns",
    "dns-search",
    "dns-option dns-opt",
    "add-host",
    "expose",
    "e env",
    "l label",
    "cap-add",
    "cap-drop",
    "sysctl",
    "restart",
    "entrypoint",
    "w workdir",
    "u user",
    "stop-signal",
    "stop-timeout",
    "tmpfs",
    "platform",
    "pull",
    ...HEALTH,
    ...RESOURCES,
  ],
);

export const EXEC_OPTIONS = optionTable(
  ["d detach", "i interactive", "t tty"],
  ["e env", "u user", "w workdir"],
);
export const NO_OPTIONS = optionTable([], []);
export const STOP_OPTIONS = optionTable([], ["t time timeout", "s signal"]);
export const KILL_OPTIONS = optionTable([], ["s signal"]);
export const RM_OPTIONS = optionTable(["f force", "v volumes"], []);
export const FORCE_OPTION = optionTable(["f force"], []);
export const INSPECT_OPTIONS = optionTable(["s size"], ["f format", "type"]);

export const NETWORK_CREATE_OPTIONS = optionTable(
  ["internal", "attachable", "ipv6", "config-only"],
  [
    "d driver",
    "subnet",
    "gateway",
    "ip-range",
    "aux-address",
    "o opt",
    "label",
    "ipam-driver",
    "ipam-opt",
    "scope",
    "config-from",
  ],
);

export const NETWORK_CONNECT_OPTIONS = optionTable(
  [],
  ["ip", "ip6", "alias", "link", "link-local-ip", "driver-opt"],
);

const SERVICE_SHARED = [
  "hostname",
  "endpoint-mode",
  "restart-condition",
  "restart-delay",
  "restart-max-attempts",
  "update-parallelism",
  "update-delay",
  "update-order",
  "update-failure-action",
  "rollback-parallelism",
  "stop-grace-period",
  "stop-signal",
  "entrypoint",
  "w workdir",
  "u user",
  "cap-add",
  "cap-drop",
  "sysctl",
  "limit-cpu",
  "limit-memory",
  "reserve-cpu",
  "reserve-memory",
  "replicas-max-per-node",
  ...HEALTH,
];

export const SERVICE_CREATE_OPTIONS = optionTable(
  ["d detach", "q quiet", "init", "no-healthcheck", "read-only", "t tty"],
  [
    "name",
    "replicas",
    "mode",
    "network",
    "p publish",
    "constraint",
    "placement-pref",
    "e env",
    "l label",
    "container-label",
    "dns",
    "dns-search",
    "dns-option",
    "host",
    ...SERVICE_SHARED,
  ],
);

export const SERVICE_UPDATE_OPTIONS = optionTable(
  ["d detach", "q quiet", "force", "rollback", "init", "no-healthcheck", "read-only"],
  [
    "replicas",
    "image",
    "args",
    "network-add",
    "network-rm",
    "publish-add",
    "publish-rm",
    "constraint-add",
    "constraint-rm",
    "placement-pref-add",
    "placement-pref-rm",
    "env-add",
    "env-rm",
    "label-add",
    "label-rm",
    "container-label-add",
    "container-label-rm",
    "dns-add",
    "dns-rm",
    "host-add",
    "host-rm",
    ...SERVICE_SHARED,
  ],
);

export const SERVICE_SCALE_OPTIONS = optionTable(["d detach"], []);
