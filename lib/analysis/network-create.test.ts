// Our checks of a network create before Docker is called: every problem by field, with the message a person
// needs (the subnet they meant, the network they would clash with, the options a driver knows).
import { describe, expect, it } from "vitest";
import { type CreateNetworkInput, createNetworkBody } from "@/lib/api/networks";
import type { FieldProblem, NetworkDto } from "@/lib/api/types";
import { networkDto } from "@/lib/testing/topology-builders";
import { checkCreateNetwork } from "./network-create";

/** A body as the route sees it: parsed, defaults applied. */
function body(input: Partial<CreateNetworkInput> = {}) {
  return createNetworkBody.parse({ name: "web", ...input });
}

/** An existing network holding exactly these subnets. */
function existing(name: string, subnets: string[], overrides: Partial<NetworkDto> = {}): NetworkDto {
  return networkDto({
    name,
    ipam: {
      driver: "default",
      config: subnets.map((subnet) => ({ subnet, gateway: null, ipRange: null, auxAddresses: {} })),
      options: {},
    },
    ...overrides,
  });
}

const check = (input: Partial<CreateNetworkInput>, networks: NetworkDto[] = []) =>
  checkCreateNetwork(body(input), networks);

/** The single problem reported; fails when there are none or several. */
function only(problems: FieldProblem[]): FieldProblem {
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  if (!problem) throw new Error("no problem reported");
  return problem;
}

const fields = (problems: FieldProblem[]) => problems.map((p) => p.field);

describe("checkCreateNetwork: a good request", () => {
  it("has no problems with the defaults alone", () => {
    expect(check({})).toEqual([]);
  });

  it("has no problems with subnet, gateway, ip-range and aux addresses that fit", () => {
    const problems = check(
      {
        pools: [
          {
            subnet: "10.20.0.0/24",
            gateway: "10.20.0.1",
            ipRange: "10.20.0.128/25",
            auxAddresses: { router: "10.20.0.2", nas: "10.20.0.3" },
          },
        ],
        options: {
          "com.docker.network.bridge.name": "br-web",
          "com.docker.network.bridge.enable_icc": "false",
          "com.docker.network.bridge.enable_ip_masquerade": "true",
          "com.docker.network.bridge.host_binding_ipv4": "127.0.0.1",
          "com.docker.network.driver.mtu": "1450",
        },
        labels: { team: "web" },
        internal: true,
      },
      [existing("other", ["10.21.0.0/24"]), existing("host", [])],
    );
    expect(problems).toEqual([]);
  });

  it("has no problems with an IPv4 and an IPv6 pool side by side when IPv6 is on", () => {
    expect(
      check({
        ipv6: true,
        pools: [
          { subnet: "10.20.0.0/24", gateway: "10.20.0.1" },
          { subnet: "fd00:20::/64", gateway: "fd00:20::1", ipRange: "fd00:20::/80" },
        ],
      }),
    ).toEqual([]);
  });

  it("ignores existing networks that have no subnet or a subnet it cannot read", () => {
    const odd = networkDto({
      name: "odd",
      ipam: {
        driver: "default",
        config: [{ subnet: null, gateway: null, ipRange: null, auxAddresses: {} }],
        options: {},
      },
    });
    expect(check({ pools: [{ subnet: "10.20.0.0/24" }] }, [odd, existing("garbled", ["nonsense"])])).toEqual(
      [],
    );
  });
});

describe("checkCreateNetwork: subnets", () => {
  it.each(["10.20.0.0", "10.20.0/24", "10.20.0.0/33", "banana", "fd00:::/64", "10.20.0.0/24/8"])(
    "refuses %j as not CIDR, at pools.0.subnet",
    (subnet) => {
      const problem = only(check({ pools: [{ subnet }] }));
      expect(problem.field).toBe("pools.0.subnet");
      expect(problem.message).toContain(`"${subnet}" is not a subnet in CIDR form`);
    },
  );

  it("checks nothing else about a pool whose subnet it cannot read", () => {
    const problems = check({ pools: [{ subnet: "nope", gateway: "also nope", ipRange: "x" }] });
    expect(fields(problems)).toEqual(["pools.0.subnet"]);
  });

  it("says which subnet was meant when host bits are set", () => {
    const problem = only(check({ pools: [{ subnet: "10.0.0.1/24" }] }));
    expect(problem.field).toBe("pools.0.subnet");
    expect(problem.message).toContain("10.0.0.1/24 has host bits set");
    expect(problem.message).toContain("did you mean 10.0.0.0/24?");
  });

  it("says which IPv6 subnet was meant when host bits are set", () => {
    const problem = only(check({ ipv6: true, pools: [{ subnet: "fd00:20::1/64" }] }));
    expect(problem.message).toContain("did you mean fd00:20::/64?");
  });

  it("refuses an IPv6 subnet without IPv6, accepts it with", () => {
    const problem = only(check({ pools: [{ subnet: "fd00:20::/64" }] }));
    expect(problem.field).toBe("pools.0.subnet");
    expect(problem.message).toContain("--ipv6");
    expect(check({ ipv6: true, pools: [{ subnet: "fd00:20::/64" }] })).toEqual([]);
  });

  it.each(["10.20.0.0/31", "10.20.0.0/32"])("refuses %s on a bridge (no room)", (subnet) => {
    const problem = only(check({ pools: [{ subnet }] }));
    expect(problem.field).toBe("pools.0.subnet");
    expect(problem.message).toContain("use /30 or larger");
  });

  it("accepts a /30 on a bridge, and a /31 on another driver", () => {
    expect(check({ pools: [{ subnet: "10.20.0.0/30" }] })).toEqual([]);
    expect(check({ driver: "macvlan", pools: [{ subnet: "10.20.0.0/31" }] })).toEqual([]);
  });

  it("refuses a /127 IPv6 subnet on a bridge, accepts a /126", () => {
    expect(fields(check({ ipv6: true, pools: [{ subnet: "fd00::/127" }] }))).toEqual(["pools.0.subnet"]);
    expect(check({ ipv6: true, pools: [{ subnet: "fd00::/126" }] })).toEqual([]);
  });
});

describe("checkCreateNetwork: gateway, ip-range, aux addresses", () => {
  it("refuses a gateway outside the subnet", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/24", gateway: "10.21.0.1" }] }));
    expect(problem).toEqual({
      field: "pools.0.gateway",
      message: "10.21.0.1 is not inside 10.20.0.0/24.",
    });
  });

  it("refuses a gateway that is not an IP address", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/24", gateway: "router" }] }));
    expect(problem.field).toBe("pools.0.gateway");
    expect(problem.message).toContain('"router" is not an IP address');
  });

  it("refuses a gateway of the other family", () => {
    expect(fields(check({ pools: [{ subnet: "10.20.0.0/24", gateway: "fd00::1" }] }))).toEqual([
      "pools.0.gateway",
    ]);
  });

  it("accepts a gateway anywhere inside the subnet, not only .1", () => {
    expect(check({ pools: [{ subnet: "10.20.0.0/24", gateway: "10.20.0.254" }] })).toEqual([]);
    expect(check({ pools: [{ subnet: "10.20.0.0/16", gateway: "10.20.255.1" }] })).toEqual([]);
  });

  it("refuses an ip-range outside the subnet", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/24", ipRange: "10.20.1.0/25" }] }));
    expect(problem).toEqual({
      field: "pools.0.ipRange",
      message: "10.20.1.0/25 is not inside 10.20.0.0/24.",
    });
  });

  it("refuses an ip-range larger than the subnet", () => {
    expect(fields(check({ pools: [{ subnet: "10.20.0.0/24", ipRange: "10.20.0.0/23" }] }))).toEqual([
      "pools.0.ipRange",
    ]);
  });

  it("refuses an ip-range with host bits, naming the range meant", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/24", ipRange: "10.20.0.129/25" }] }));
    expect(problem.field).toBe("pools.0.ipRange");
    expect(problem.message).toContain("did you mean 10.20.0.128/25?");
  });

  it("refuses an ip-range that is not CIDR", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/24", ipRange: "10.20.0.128" }] }));
    expect(problem.field).toBe("pools.0.ipRange");
    expect(problem.message).toContain("is not a range in CIDR form");
  });

  it("refuses an aux address outside the subnet, by its name", () => {
    const problem = only(
      check({
        pools: [{ subnet: "10.20.0.0/24", auxAddresses: { router: "10.20.0.2", printer: "10.30.0.5" } }],
      }),
    );
    expect(problem).toEqual({
      field: "pools.0.auxAddresses.printer",
      message: "10.30.0.5 is not inside 10.20.0.0/24.",
    });
  });

  it("refuses an aux address that is not an IP address", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/24", auxAddresses: { nas: "nas.local" } }] }));
    expect(problem.field).toBe("pools.0.auxAddresses.nas");
    expect(problem.message).toContain("is not an IP address");
  });

  it("checks the gateway against the network address when the subnet has host bits", () => {
    const problems = check({ pools: [{ subnet: "10.20.0.9/24", gateway: "10.20.0.1" }] });
    expect(fields(problems)).toEqual(["pools.0.subnet"]);
  });
});

describe("checkCreateNetwork: overlaps", () => {
  it("refuses two pools of the request that overlap, naming the earlier pool", () => {
    const problem = only(check({ pools: [{ subnet: "10.20.0.0/16" }, { subnet: "10.20.5.0/24" }] }));
    expect(problem).toEqual({
      field: "pools.1.subnet",
      message: "10.20.5.0/24 overlaps pool 1 of this request.",
    });
  });

  it("accepts two adjacent pools", () => {
    expect(check({ pools: [{ subnet: "10.20.0.0/25" }, { subnet: "10.20.0.128/25" }] })).toEqual([]);
  });

  it("reports a third pool against each earlier one it overlaps", () => {
    const problems = check({
      pools: [{ subnet: "10.20.0.0/24" }, { subnet: "10.20.1.0/24" }, { subnet: "10.20.0.0/23" }],
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ["pools.2.subnet", "10.20.0.0/23 overlaps pool 1 of this request."],
      ["pools.2.subnet", "10.20.0.0/23 overlaps pool 2 of this request."],
    ]);
  });

  it("names the existing network and its subnet on an overlap", () => {
    const problem = only(
      check({ pools: [{ subnet: "172.20.5.0/24" }] }, [
        existing("db", ["10.9.0.0/24"]),
        existing("backend", ["fd00:1::/64", "172.20.0.0/16"]),
      ]),
    );
    expect(problem.field).toBe("pools.0.subnet");
    expect(problem.message).toBe('172.20.5.0/24 overlaps 172.20.0.0/16 of network "backend".');
  });

  it("names every existing network it overlaps", () => {
    const problems = check({ pools: [{ subnet: "10.0.0.0/8" }] }, [
      existing("a", ["10.1.0.0/16"]),
      existing("b", ["192.168.0.0/24"]),
      existing("c", ["10.2.0.0/16"]),
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '10.0.0.0/8 overlaps 10.1.0.0/16 of network "a".',
      '10.0.0.0/8 overlaps 10.2.0.0/16 of network "c".',
    ]);
  });

  it("does not take an adjacent existing subnet, or one of the other family, as an overlap", () => {
    expect(
      check({ ipv6: true, pools: [{ subnet: "10.20.0.128/25" }, { subnet: "fd00:20::/64" }] }, [
        existing("low", ["10.20.0.0/25"]),
        existing("v6", ["fd00:21::/64"]),
      ]),
    ).toEqual([]);
  });

  it("does not take the subnet of a config-only network as taken (Docker allocates nothing for it)", () => {
    // libnetwork's NewNetwork stores a config-only network without IPAM allocation ("goto addToStore"),
    // so Docker accepts a network on the same subnet; refusing it here blocks a valid create.
    const template = existing("mv-config", ["192.168.50.0/24"], { configOnly: true, driver: "null" });
    expect(check({ driver: "macvlan", pools: [{ subnet: "192.168.50.0/24" }] }, [template])).toEqual([]);
  });
});

describe("checkCreateNetwork: bridge options", () => {
  const opt = (key: string, value: string, extra: Partial<CreateNetworkInput> = {}) =>
    check({ options: { [key]: value }, ...extra });

  it("refuses an unknown bridge option, naming the known ones", () => {
    const problem = only(opt("com.docker.network.bridge.inhibit_ipv4", "true"));
    expect(problem.field).toBe("options.com.docker.network.bridge.inhibit_ipv4");
    expect(problem.message).toContain("Unknown bridge option");
    for (const known of [
      "com.docker.network.bridge.name",
      "com.docker.network.bridge.enable_icc",
      "com.docker.network.bridge.enable_ip_masquerade",
      "com.docker.network.bridge.host_binding_ipv4",
      "com.docker.network.driver.mtu",
    ]) {
      expect(problem.message).toContain(known);
    }
    expect(problem.message).toContain("advanced");
  });

  it("accepts an unknown bridge option when advanced", () => {
    expect(opt("com.docker.network.bridge.inhibit_ipv4", "true", { advanced: true })).toEqual([]);
  });

  it("still checks the value of a known option when advanced", () => {
    expect(fields(opt("com.docker.network.driver.mtu", "abc", { advanced: true }))).toEqual([
      "options.com.docker.network.driver.mtu",
    ]);
  });

  it("accepts any option on a plugin driver", () => {
    expect(check({ driver: "weave", options: { "works.weave.multicast": "true", anything: "" } })).toEqual(
      [],
    );
  });

  it("refuses an unknown option on a built-in driver that knows none", () => {
    const problem = only(check({ driver: "host", options: { foo: "bar" } }));
    expect(problem.field).toBe("options.foo");
    expect(problem.message).toContain("Unknown host option");
    expect(problem.message).not.toContain("known:");
  });

  it.each(["true", "false"])("accepts enable_icc=%s", (v) => {
    expect(opt("com.docker.network.bridge.enable_icc", v)).toEqual([]);
  });

  it.each(["yes", "1", "", "TRUE", "true "])("refuses enable_icc=%j", (v) => {
    const problem = only(
      checkCreateNetwork({ ...body(), options: { "com.docker.network.bridge.enable_icc": v } }, []),
    );
    expect(problem).toEqual({
      field: "options.com.docker.network.bridge.enable_icc",
      message: "true or false.",
    });
  });

  it.each(["68", "1500", "9000", "65535"])("accepts mtu %s", (v) => {
    expect(opt("com.docker.network.driver.mtu", v)).toEqual([]);
  });

  it.each(["67", "65536", "0", "-1500", "abc", "", "1500.5"])("refuses mtu %j", (v) => {
    const problem = only(opt("com.docker.network.driver.mtu", v));
    expect(problem).toEqual({
      field: "options.com.docker.network.driver.mtu",
      message: "A whole number from 68 to 65535.",
    });
  });

  // Docker reads the MTU with Go's strconv.Atoi (libnetwork drivers/bridge, fromLabels), which refuses these;
  // JavaScript's Number() reads them as whole numbers.
  it.each(["1e3", "0x5dc", "1500.0", "0b10000000000"])("refuses mtu %j, which Docker cannot read", (v) => {
    expect(fields(opt("com.docker.network.driver.mtu", v))).toEqual([
      "options.com.docker.network.driver.mtu",
    ]);
  });

  it.each(["127.0.0.1", "0.0.0.0", "192.168.1.10"])("accepts host_binding_ipv4=%s", (v) => {
    expect(opt("com.docker.network.bridge.host_binding_ipv4", v)).toEqual([]);
  });

  it.each(["::1", "localhost", "127.0.0.256", ""])("refuses host_binding_ipv4=%j", (v) => {
    const problem = only(opt("com.docker.network.bridge.host_binding_ipv4", v));
    expect(problem.field).toBe("options.com.docker.network.bridge.host_binding_ipv4");
    expect(problem.message).toContain("IPv4");
  });

  it.each(["br0", "br-web_1.x", "a".repeat(15)])("accepts bridge name %j", (v) => {
    expect(opt("com.docker.network.bridge.name", v)).toEqual([]);
  });

  it.each(["a".repeat(16), "br web", "br/0", "bré"])("refuses bridge name %j", (v) => {
    const problem = only(opt("com.docker.network.bridge.name", v));
    expect(problem.field).toBe("options.com.docker.network.bridge.name");
    expect(problem.message).toContain("1 to 15");
  });
});

describe("checkCreateNetwork: macvlan, ipvlan and overlay options", () => {
  it.each(["bridge", "vepa", "passthru", "private"])("accepts macvlan_mode=%s", (mode) => {
    expect(check({ driver: "macvlan", options: { parent: "eth0", macvlan_mode: mode } })).toEqual([]);
  });

  it.each(["l2", "Bridge", ""])("refuses macvlan_mode=%j, listing the modes", (mode) => {
    const problem = only(check({ driver: "macvlan", options: { macvlan_mode: mode } }));
    expect(problem).toEqual({
      field: "options.macvlan_mode",
      message: "One of bridge, vepa, passthru, private.",
    });
  });

  it.each(["l2", "l3", "l3s"])("accepts ipvlan_mode=%s", (mode) => {
    expect(check({ driver: "ipvlan", options: { parent: "eth0.10", ipvlan_mode: mode } })).toEqual([]);
  });

  it.each(["bridge", "l4", "L2"])("refuses ipvlan_mode=%j", (mode) => {
    const problem = only(check({ driver: "ipvlan", options: { ipvlan_mode: mode } }));
    expect(problem).toEqual({ field: "options.ipvlan_mode", message: "One of l2, l3, l3s." });
  });

  it("checks ipvlan_flag against its own values", () => {
    expect(check({ driver: "ipvlan", options: { ipvlan_flag: "private" } })).toEqual([]);
    expect(fields(check({ driver: "ipvlan", options: { ipvlan_flag: "l3" } }))).toEqual([
      "options.ipvlan_flag",
    ]);
  });

  it("knows options per driver: ipvlan_mode is unknown to macvlan", () => {
    const problem = only(check({ driver: "macvlan", options: { ipvlan_mode: "l2" } }));
    expect(problem.message).toContain("Unknown macvlan option (known: parent, macvlan_mode)");
  });

  it.each(["eth0", "eth0.10", "enp3s0f1"])("accepts parent %j", (parent) => {
    expect(check({ driver: "macvlan", options: { parent } })).toEqual([]);
  });

  it.each(["eth 0", "a".repeat(16), ""])("refuses parent %j", (parent) => {
    expect(fields(check({ driver: "macvlan", options: { parent } }))).toEqual(["options.parent"]);
  });

  it.each(["4097", "4097,4098", "1,2,3"])("accepts vxlanid_list %j", (v) => {
    expect(
      check({ driver: "overlay", options: { "com.docker.network.driver.overlay.vxlanid_list": v } }),
    ).toEqual([]);
  });

  it.each(["4097,", ",4097", "4097 4098", "abc", "4097;4098", ""])("refuses vxlanid_list %j", (v) => {
    const problem = only(
      check({ driver: "overlay", options: { "com.docker.network.driver.overlay.vxlanid_list": v } }),
    );
    expect(problem.field).toBe("options.com.docker.network.driver.overlay.vxlanid_list");
    expect(problem.message).toContain("comma-separated");
  });

  it("takes encrypted as a flag, with or without a value", () => {
    expect(check({ driver: "overlay", options: { encrypted: "" } })).toEqual([]);
    expect(check({ driver: "overlay", options: { encrypted: "true" } })).toEqual([]);
  });

  it("checks the overlay mtu like the bridge's", () => {
    expect(check({ driver: "overlay", options: { "com.docker.network.driver.mtu": "1450" } })).toEqual([]);
    expect(
      fields(check({ driver: "overlay", options: { "com.docker.network.driver.mtu": "65536" } })),
    ).toEqual(["options.com.docker.network.driver.mtu"]);
  });

  it("a bridge option is unknown to overlay", () => {
    const problem = only(
      check({ driver: "overlay", options: { "com.docker.network.bridge.enable_icc": "true" } }),
    );
    expect(problem.message).toContain("Unknown overlay option");
  });

  // A driver name is any NAME the schema allows; these are also names of Object.prototype's members.
  it.each(["constructor", "toString", "hasOwnProperty"])(
    "treats a plugin driver called %j like any other plugin (no crash)",
    (driver) => {
      expect(check({ driver, options: { "some.plugin.opt": "1" } })).toEqual([]);
    },
  );
});

describe("checkCreateNetwork: flags that do not fit the driver", () => {
  it("refuses ingress on a bridge, accepts it on overlay", () => {
    expect(only(check({ ingress: true })).field).toBe("ingress");
    expect(check({ driver: "overlay", ingress: true })).toEqual([]);
  });

  it("refuses attachable on a local bridge, accepts it on overlay", () => {
    const problem = only(check({ attachable: true }));
    expect(problem.field).toBe("attachable");
    expect(problem.message).toContain("overlay");
    expect(check({ driver: "overlay", attachable: true })).toEqual([]);
  });

  it("accepts attachable on a swarm-scoped macvlan network (docker network create -d macvlan --scope swarm --attachable)", () => {
    // Swarm-scoped macvlan/ipvlan/bridge networks are swarm networks, and --attachable is what lets
    // standalone containers join them; Docker accepts it (and it is the usual way to use --config-from).
    expect(check({ driver: "macvlan", scope: "swarm", attachable: true })).toEqual([]);
  });
});

describe("checkCreateNetwork: config-only and config-from", () => {
  const template = existing("mv-config", ["192.168.50.0/24"], { configOnly: true, driver: "null" });
  const plain = existing("plain", ["10.9.0.0/24"]);

  it("accepts --config-from a config-only network", () => {
    expect(check({ driver: "macvlan", configFrom: "mv-config" }, [template, plain])).toEqual([]);
  });

  it("refuses --config-from a network that does not exist", () => {
    const problem = only(check({ driver: "macvlan", configFrom: "nowhere" }, [template]));
    expect(problem).toEqual({
      field: "configFrom",
      message: 'There is no network "nowhere" to take the configuration from.',
    });
  });

  it("refuses --config-from a network that is not config-only", () => {
    const problem = only(check({ driver: "macvlan", configFrom: "plain" }, [template, plain]));
    expect(problem.field).toBe("configFrom");
    expect(problem.message).toContain('"plain" is not a config-only network');
  });

  it("refuses --config-from with pools of its own", () => {
    const problem = only(
      check({ driver: "macvlan", configFrom: "mv-config", pools: [{ subnet: "10.50.0.0/24" }] }, [template]),
    );
    expect(problem.field).toBe("configFrom");
    expect(problem.message).toContain("leave them empty");
  });

  it("refuses --config-from with options of its own", () => {
    const problem = only(
      check({ driver: "macvlan", configFrom: "mv-config", options: { parent: "eth0" } }, [template]),
    );
    expect(problem.field).toBe("configFrom");
  });

  it("accepts a config-only network with pools and options", () => {
    expect(
      check({
        configOnly: true,
        driver: "macvlan",
        pools: [{ subnet: "192.168.60.0/24", gateway: "192.168.60.1" }],
        options: { parent: "eth0" },
      }),
    ).toEqual([]);
  });

  it("refuses --config-only together with --config-from", () => {
    const problems = check({ configOnly: true, configFrom: "mv-config" }, [template]);
    expect(problems).toEqual([
      {
        field: "configOnly",
        message: "A config-only network cannot itself take its config from another.",
      },
    ]);
  });

  it("refuses --config-from with labels of its own, at labels", () => {
    const problem = only(
      check({ driver: "macvlan", configFrom: "mv-config", labels: { team: "web" } }, [template]),
    );
    expect(problem.field).toBe("labels");
    expect(problem.message).toContain("config-only");
  });

  // Docker refuses these in libnetwork's Network.validateConfiguration ("user specified configurations are not
  // supported if the network depends on a configuration network"); we pass them on to fail there.
  it.each<[string, Partial<CreateNetworkInput>]>([
    ["--ipv6", { ipv6: true }],
    ["an IPAM option", { ipamOptions: { foo: "bar" } }],
    ["another IPAM driver", { ipamDriver: "my-ipam" }],
  ])("refuses --config-from with %s of its own, as Docker does", (_what, extra) => {
    const problems = check({ driver: "macvlan", configFrom: "mv-config", ...extra }, [template]);
    expect(problems.length).toBeGreaterThan(0);
  });

  // Docker: "configuration network can only contain network specific fields. Network operator fields like
  // [ ingress | internal | attachable | scope ] are not supported."
  it.each<[string, Partial<CreateNetworkInput>]>([
    ["--internal", { internal: true }],
    ["--scope", { scope: "local" }],
    ["--attachable", { attachable: true, driver: "overlay" }],
    ["--ingress", { ingress: true, driver: "overlay" }],
  ])("refuses --config-only with %s, as Docker does", (_what, extra) => {
    const problems = check({ driver: "macvlan", configOnly: true, ...extra });
    expect(problems.length).toBeGreaterThan(0);
  });

  it("reports a missing source and config-only together", () => {
    expect(fields(check({ configOnly: true, configFrom: "nowhere" }, []))).toEqual([
      "configFrom",
      "configOnly",
    ]);
  });
});

describe("checkCreateNetwork: every problem at once", () => {
  it("reports all of them, each at its own field, in order", () => {
    const problems = check(
      {
        ingress: true,
        attachable: true,
        pools: [
          {
            subnet: "10.20.0.1/24",
            gateway: "10.99.0.1",
            ipRange: "10.21.0.0/25",
            auxAddresses: { nas: "x" },
          },
          { subnet: "not-a-subnet" },
          { subnet: "fd00::/64", gateway: "fd00::1" },
          { subnet: "10.20.0.0/25" },
        ],
        options: {
          "com.docker.network.driver.mtu": "67",
          "com.docker.network.bridge.enable_icc": "maybe",
          "com.docker.network.bridge.made_up": "1",
        },
        configFrom: "nowhere",
      },
      [existing("taken", ["10.20.0.0/16"])],
    );
    expect(fields(problems)).toEqual([
      "pools.0.subnet", // host bits
      "pools.0.gateway",
      "pools.0.ipRange",
      "pools.0.auxAddresses.nas",
      "pools.0.subnet", // overlaps "taken"
      "pools.1.subnet", // not CIDR
      "pools.2.subnet", // IPv6 without --ipv6
      "pools.3.subnet", // overlaps pool 1
      "pools.3.subnet", // overlaps "taken"
      "options.com.docker.network.driver.mtu",
      "options.com.docker.network.bridge.enable_icc",
      "options.com.docker.network.bridge.made_up",
      "ingress",
      "attachable",
      "configFrom", // no such network
      "configFrom", // pools and options with --config-from
    ]);
    expect(problems[0]?.message).toContain("did you mean 10.20.0.0/24?");
    expect(problems[4]?.message).toContain('network "taken"');
    expect(problems[7]?.message).toContain("pool 1 of this request");
  });
});
