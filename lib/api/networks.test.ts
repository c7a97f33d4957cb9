// The wire contract of network create: the body schema (strict, names, defaults, limits) and the docker CLI
// command shown for a create or a remove, flag by flag, quoted for a POSIX shell.
import { describe, expect, it } from "vitest";
import { HOSTILE_NAMES, expectedOperands as ops, runShown } from "@/lib/testing/shell-run";
import {
  type CreateNetworkInput,
  createNetworkBody,
  DRIVER_OPTIONS,
  networkConnectCommand,
  networkCreateCommand,
  networkDisconnectCommand,
  networkRemoveCommand,
  networksRemoveCommand,
  shellWord,
} from "./networks";

const command = (input: Partial<CreateNetworkInput>) => networkCreateCommand({ name: "web", ...input });

describe("shellWord", () => {
  it.each([
    "web",
    "10.20.0.0/24",
    "com.docker.network.driver.mtu=1500",
    "a_b-c",
    "x@y",
    "50%",
    "a+b",
    "k:v,w",
  ])("leaves %j as it is", (word) => {
    expect(shellWord(word)).toBe(word);
  });

  it.each([
    ["a space", "my team", "'my team'"],
    ["a single quote", "it's", "'it'\\''s'"],
    ["only a single quote", "'", "''\\'''"],
    ["the empty word", "", "''"],
    ["a dollar", "$HOME", "'$HOME'"],
    ["a backtick", "`id`", "'`id`'"],
    ["a semicolon", "a;rm -rf /", "'a;rm -rf /'"],
    ["a newline", "a\nb", "'a\nb'"],
    ["a glob", "*", "'*'"],
    ["a double quote", 'say "hi"', "'say \"hi\"'"],
    ["a backslash", "a\\b", "'a\\b'"],
    ["a non-ASCII letter", "café", "'café'"],
  ])("quotes a word with %s", (_what, word, quoted) => {
    expect(shellWord(word)).toBe(quoted);
  });
});

describe("networkCreateCommand", () => {
  it("is just the name for a plain bridge", () => {
    expect(command({})).toBe("docker network create web");
  });

  it("leaves out what is the default: bridge, the default IPAM driver, false flags, empty maps", () => {
    expect(
      command({
        driver: "bridge",
        ipamDriver: "default",
        internal: false,
        attachable: false,
        ingress: false,
        ipv6: false,
        configOnly: false,
        advanced: true,
        ipamOptions: {},
        pools: [],
        options: {},
        labels: {},
      }),
    ).toBe("docker network create web");
  });

  it("names a driver other than bridge", () => {
    expect(command({ driver: "overlay" })).toBe("docker network create --driver overlay web");
    expect(command({ driver: "macvlan" })).toBe("docker network create --driver macvlan web");
  });

  it.each<[string, Partial<CreateNetworkInput>, string]>([
    ["--scope", { scope: "swarm" }, "--scope swarm"],
    ["--internal", { internal: true }, "--internal"],
    ["--attachable", { attachable: true }, "--attachable"],
    ["--ingress", { ingress: true }, "--ingress"],
    ["--ipv6", { ipv6: true }, "--ipv6"],
    ["--config-only", { configOnly: true }, "--config-only"],
    ["--config-from", { configFrom: "mv-config" }, "--config-from mv-config"],
    ["--ipam-driver", { ipamDriver: "my-ipam" }, "--ipam-driver my-ipam"],
    ["--ipam-opt", { ipamOptions: { foo: "bar" } }, "--ipam-opt foo=bar"],
    ["--ipam-opt with an empty value", { ipamOptions: { foo: "" } }, "--ipam-opt foo="],
    [
      "--opt",
      { options: { "com.docker.network.driver.mtu": "1450" } },
      "--opt com.docker.network.driver.mtu=1450",
    ],
    ["a bare --opt for an empty value", { options: { encrypted: "" } }, "--opt encrypted"],
    ["--label", { labels: { team: "web" } }, "--label team=web"],
    ["a bare --label for an empty value", { labels: { team: "" } }, "--label team"],
  ])("writes %s", (_what, input, flags) => {
    expect(command(input)).toBe(`docker network create ${flags} web`);
  });

  it("writes each pool's --subnet, --ip-range, --gateway and --aux-address together, pool by pool", () => {
    expect(
      command({
        pools: [
          {
            subnet: "10.20.0.0/24",
            ipRange: "10.20.0.128/25",
            gateway: "10.20.0.1",
            auxAddresses: { router: "10.20.0.2", nas: "10.20.0.3" },
          },
          { subnet: "fd00:20::/64", gateway: "fd00:20::1" },
          { subnet: "10.30.0.0/24" },
        ],
      }),
    ).toBe(
      "docker network create" +
        " --subnet 10.20.0.0/24 --ip-range 10.20.0.128/25 --gateway 10.20.0.1" +
        " --aux-address router=10.20.0.2 --aux-address nas=10.20.0.3" +
        " --subnet fd00:20::/64 --gateway fd00:20::1" +
        " --subnet 10.30.0.0/24" +
        " web",
    );
  });

  it("writes every flag at once, in a fixed order, the name last", () => {
    expect(
      command({
        name: "swarm-net",
        driver: "overlay",
        scope: "swarm",
        internal: true,
        attachable: true,
        ingress: true,
        ipv6: true,
        configOnly: true,
        configFrom: "cfg",
        ipamDriver: "my-ipam",
        ipamOptions: { a: "1", b: "2" },
        pools: [{ subnet: "10.0.9.0/24", gateway: "10.0.9.1" }],
        options: { encrypted: "", "com.docker.network.driver.mtu": "1400" },
        labels: { tier: "db", owner: "ops" },
      }),
    ).toBe(
      "docker network create --driver overlay --scope swarm --internal --attachable --ingress --ipv6" +
        " --config-only --config-from cfg --ipam-driver my-ipam --ipam-opt a=1 --ipam-opt b=2" +
        " --subnet 10.0.9.0/24 --gateway 10.0.9.1" +
        " --opt encrypted --opt com.docker.network.driver.mtu=1400" +
        " --label tier=db --label owner=ops swarm-net",
    );
  });

  it("quotes values with spaces and single quotes, as one word each", () => {
    expect(command({ labels: { description: "the web tier", note: "it's ours" } })).toBe(
      "docker network create --label 'description=the web tier' --label 'note=it'\\''s ours' web",
    );
    expect(command({ options: { "some.opt": "a b" } })).toBe(
      "docker network create --opt 'some.opt=a b' web",
    );
    expect(command({ ipamOptions: { "x y": "z" } })).toBe("docker network create --ipam-opt 'x y=z' web");
    expect(command({ pools: [{ subnet: "10.0.0.0/24", auxAddresses: { "my host": "10.0.0.5" } }] })).toBe(
      "docker network create --subnet 10.0.0.0/24 --aux-address 'my host=10.0.0.5' web",
    );
  });

  it("quotes what a shell would otherwise run", () => {
    expect(command({ labels: { x: "$(reboot)" } })).toBe("docker network create --label 'x=$(reboot)' web");
  });

  it("never shows the engine or the advanced switch", () => {
    const input = { name: "web", engine: "lab", advanced: true } as CreateNetworkInput;
    expect(networkCreateCommand(input)).toBe("docker network create web");
  });
});

describe("networkRemoveCommand", () => {
  it("names the network", () => {
    expect(networkRemoveCommand("web")).toBe("docker network rm web");
    expect(networkRemoveCommand("my_net.v2")).toBe("docker network rm my_net.v2");
  });

  it("quotes a name that needs it", () => {
    expect(networkRemoveCommand("it's")).toBe("docker network rm 'it'\\''s'");
  });
});

describe("createNetworkBody", () => {
  it("fills the defaults", () => {
    expect(createNetworkBody.parse({ name: "web" })).toEqual({
      name: "web",
      driver: "bridge",
      internal: false,
      attachable: false,
      ingress: false,
      ipv6: false,
      configOnly: false,
      ipamDriver: "default",
      ipamOptions: {},
      pools: [],
      options: {},
      labels: {},
      advanced: false,
    });
  });

  it("leaves optional fields out when not given", () => {
    const parsed = createNetworkBody.parse({ name: "web" });
    expect("engine" in parsed).toBe(false);
    expect("scope" in parsed).toBe(false);
    expect("configFrom" in parsed).toBe(false);
  });

  it("fills a pool's aux addresses and trims its text", () => {
    const parsed = createNetworkBody.parse({
      name: "web",
      pools: [{ subnet: " 10.20.0.0/24 ", gateway: "10.20.0.1 " }],
    });
    expect(parsed.pools).toEqual([{ subnet: "10.20.0.0/24", gateway: "10.20.0.1", auxAddresses: {} }]);
  });

  it("keeps everything it is given", () => {
    const input: CreateNetworkInput = {
      engine: "lab",
      name: "swarm-net",
      driver: "overlay",
      scope: "swarm",
      internal: true,
      attachable: true,
      ingress: false,
      ipv6: true,
      configOnly: false,
      configFrom: "cfg",
      ipamDriver: "my-ipam",
      ipamOptions: { a: "1" },
      pools: [
        {
          subnet: "10.0.9.0/24",
          ipRange: "10.0.9.0/25",
          gateway: "10.0.9.1",
          auxAddresses: { r: "10.0.9.2" },
        },
      ],
      options: { encrypted: "" },
      labels: { team: "" },
      advanced: true,
    };
    expect(createNetworkBody.parse(input)).toEqual(input);
  });

  it.each(["web", "w", "0", "my_net.v2", "a-b", "A".repeat(128)])("accepts the name %j", (name) => {
    expect(createNetworkBody.safeParse({ name }).success).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["a leading dash", "-x"],
    ["a leading dot", ".x"],
    ["a leading underscore", "_x"],
    ["a space", "a b"],
    ["a non-ASCII letter", "é"],
    ["a slash", "a/b"],
    ["a colon", "a:b"],
    ["129 characters", "a".repeat(129)],
    ["a trailing newline", "web\n"],
  ])("refuses a name with %s", (_what, name) => {
    const result = createNetworkBody.safeParse({ name });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["name"]);
  });

  it("refuses a missing name", () => {
    expect(createNetworkBody.safeParse({}).success).toBe(false);
  });

  it.each([
    ["at the top", { name: "web", checkDuplicate: true }, []],
    ["in a pool", { name: "web", pools: [{ subnet: "10.0.0.0/24", gw: "10.0.0.1" }] }, ["pools", 0]],
  ])("refuses an unknown field %s (strict)", (_where, input, at) => {
    const result = createNetworkBody.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.code).toBe("unrecognized_keys");
    expect(issue?.path).toEqual(at);
  });

  it("accepts 8 pools and refuses 9", () => {
    const pools = (n: number) => Array.from({ length: n }, (_, i) => ({ subnet: `10.${i}.0.0/24` }));
    expect(createNetworkBody.safeParse({ name: "web", pools: pools(8) }).success).toBe(true);
    const nine = createNetworkBody.safeParse({ name: "web", pools: pools(9) });
    expect(nine.success).toBe(false);
    expect(nine.error?.issues[0]?.message).toBe("At most 8 pools.");
  });

  it("refuses a pool without a subnet, or with an empty one", () => {
    expect(createNetworkBody.safeParse({ name: "web", pools: [{}] }).success).toBe(false);
    expect(createNetworkBody.safeParse({ name: "web", pools: [{ subnet: "  " }] }).success).toBe(false);
  });

  it.each([
    ["a driver with a space", { driver: "my driver" }],
    ["an empty driver", { driver: "" }],
    ["a scope Docker does not have", { scope: "cluster" }],
    ["a non-boolean flag", { internal: "yes" }],
    ["a config-from that is not a name", { configFrom: "-x" }],
    ["an IPAM driver that is not a name", { ipamDriver: "a b" }],
    ["an option with an empty key", { options: { "": "x" } }],
    ["an option value that is not text", { options: { mtu: 1500 } }],
    ["a label with an empty key", { labels: { "": "x" } }],
    ["an engine id of 33 characters", { engine: "e".repeat(33) }],
  ])("refuses %s", (_what, extra) => {
    expect(createNetworkBody.safeParse({ name: "web", ...extra }).success).toBe(false);
  });

  it.each(["local", "swarm", "global"])("accepts the scope %s", (scope) => {
    expect(createNetworkBody.safeParse({ name: "web", scope }).success).toBe(true);
  });

  it("accepts a legacy plugin's driver name", () => {
    expect(createNetworkBody.parse({ name: "web", driver: "weave" }).driver).toBe("weave");
  });

  // A managed (v2) plugin is named like an image, and that name is its driver name:
  // `docker network create --driver weaveworks/net-plugin:latest_release mynet` (Weave Net's plugin docs).
  it.each(["weaveworks/net-plugin:latest_release", "store/weaveworks/net-plugin:2.5.2"])(
    "accepts the managed plugin driver name %j",
    (driver) => {
      expect(createNetworkBody.safeParse({ name: "web", driver }).success).toBe(true);
    },
  );
});

describe("DRIVER_OPTIONS", () => {
  it("gives every option help, and every enum its values", () => {
    for (const [driver, options] of Object.entries(DRIVER_OPTIONS)) {
      for (const o of options) {
        expect(o.help.length, `${driver} ${o.key}`).toBeGreaterThan(10);
        if (o.kind === "enum") expect(o.values?.length, `${driver} ${o.key}`).toBeGreaterThan(1);
      }
      expect(new Set(options.map((o) => o.key)).size, driver).toBe(options.length);
    }
  });
});

describe("every command built here, with hostile names", () => {
  /** The calls the command makes when pasted into /bin/sh (tools replaced by printers), nothing else run. */
  function pasted(command: string): string[][] {
    const run = runShown(command);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.leftovers).toEqual([]);
    return run.calls;
  }

  it.each(HOSTILE_NAMES)("gives back %j as one word, behind -- when it starts with a dash", (name) => {
    expect(pasted(networkCreateCommand({ name }))).toEqual([["docker", "network", "create", ...ops(name)]]);
    expect(pasted(networkRemoveCommand(name))).toEqual([["docker", "network", "rm", ...ops(name)]]);
    expect(pasted(networksRemoveCommand(["web", name]))).toEqual([
      ["docker", "network", "rm", ...ops("web", name)],
    ]);
    expect(pasted(networkConnectCommand(name, { container: "web", aliases: ["a"] }))).toEqual([
      ["docker", "network", "connect", "--alias", "a", ...ops(name, "web")],
    ]);
    expect(pasted(networkDisconnectCommand(name, { container: "web", force: true }))).toEqual([
      ["docker", "network", "disconnect", "--force", ...ops(name, "web")],
    ]);
  });

  it("puts -- before the operands only when one starts with a dash", () => {
    expect(networkRemoveCommand("-x")).toBe("docker network rm -- -x");
    expect(networksRemoveCommand(["a", "-b"])).toBe("docker network rm -- a -b");
    expect(networkConnectCommand("web", { container: "api" })).toBe("docker network connect web api");
  });
});
