import { describe, expect, it } from "vitest";
import { containerDto, endpointDto, networkDto } from "@/lib/testing/topology-builders";
import {
  ALREADY_CONNECTED,
  bridgeLimits,
  containerRefusal,
  leftOut,
  networkChoices,
  networkRefusal,
} from "./connect-choices";

const bridge = networkDto({
  name: "bridge",
  system: true,
  options: { "com.docker.network.bridge.default_bridge": "true" },
});
const host = networkDto({
  name: "host",
  driver: "host",
  system: true,
  ipam: { driver: "default", config: [], options: {} },
});
const none = networkDto({
  name: "none",
  driver: "null",
  system: true,
  ipam: { driver: "default", config: [], options: {} },
});
const app = networkDto({ name: "app" });
const data = networkDto({ name: "data" });

describe("networkRefusal", () => {
  it("refuses the networks no container joins with docker network connect", () => {
    expect(networkRefusal(host)).toContain("--network host");
    expect(networkRefusal(none)).toContain("--network none");
    expect(networkRefusal(networkDto({ name: "cfg", configOnly: true }))).toContain("config-only");
    expect(
      networkRefusal(networkDto({ name: "ingress", driver: "overlay", scope: "swarm", ingress: true })),
    ).toContain("routing mesh");
    expect(networkRefusal(networkDto({ name: "svc", driver: "overlay", scope: "swarm" }))).toContain(
      "--attachable",
    );
  });

  it("takes user networks, an attachable overlay and the default bridge", () => {
    expect(networkRefusal(app)).toBeNull();
    expect(networkRefusal(bridge)).toBeNull();
    expect(
      networkRefusal(networkDto({ name: "ov", driver: "overlay", scope: "swarm", attachable: true })),
    ).toBeNull();
  });
});

describe("networkChoices", () => {
  const web = containerDto({ name: "web" });
  const endpoints = [endpointDto(web, app)];

  it("says which networks the container is on already, and keeps only the engine's networks", () => {
    const other = networkDto({ name: "elsewhere", engine: "b" });
    const choices = networkChoices([bridge, host, none, app, data, other], endpoints, app.engine, web.id);
    expect(choices.map((c) => [c.network.name, c.reason])).toEqual([
      ["bridge", null],
      ["host", networkRefusal(host)],
      ["none", networkRefusal(none)],
      ["app", ALREADY_CONNECTED],
      ["data", null],
    ]);
  });

  it("without a container, refuses only what no container can join", () => {
    const choices = networkChoices([app, host], endpoints, app.engine);
    expect(choices.find((c) => c.network === app)?.reason).toBeNull();
  });
});

describe("containerRefusal", () => {
  it("refuses containers whose network stack is not their own", () => {
    expect(containerRefusal(containerDto({ name: "h", networkMode: "host" }))).toContain("host");
    expect(containerRefusal(containerDto({ name: "n", networkMode: "none" }))).toContain("none");
    expect(containerRefusal(containerDto({ name: "s", networkMode: "container:abc" }))).toContain(
      "another container",
    );
    expect(containerRefusal(containerDto({ name: "b", networkMode: "bridge" }))).toBeNull();
    expect(containerRefusal(containerDto({ name: "u", networkMode: "app" }))).toBeNull();
  });
});

describe("leftOut", () => {
  it("groups the names by reason, in the order first met, and skips what can be chosen", () => {
    expect(
      leftOut([
        { name: "host", reason: "x" },
        { name: "app", reason: null },
        { name: "data", reason: "y" },
        { name: "none", reason: "x" },
      ]),
    ).toEqual(["host, none (x)", "data (y)"]);
    expect(leftOut([{ name: "app", reason: null }])).toEqual([]);
  });
});

describe("bridgeLimits", () => {
  it("keeps aliases and static addresses off the default bridge, with Docker's own words", () => {
    const limits = bridgeLimits(bridge);
    expect(limits.aliases).toContain(
      "network-scoped alias is supported only for containers in user defined networks",
    );
    expect(limits.addresses).toContain(
      "user specified IP address is supported on user defined networks only",
    );
  });

  it("allows both on a user-defined network, and when no network is chosen yet", () => {
    expect(bridgeLimits(app)).toEqual({ aliases: null, addresses: null });
    expect(bridgeLimits(undefined)).toEqual({ aliases: null, addresses: null });
  });
});
