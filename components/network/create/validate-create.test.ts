// The form's checks as you type: the schema first, then the server's own checks, each problem placed on the
// input it is about (or listed under the form when no input shows it).
import { describe, expect, it } from "vitest";
import { networkDto } from "@/lib/testing/topology-builders";
import { emptyForm, emptyPool, type FormState, PLUGIN } from "./create-body";
import { slotsShown, validateCreate } from "./validate-create";

const form = (patch: Partial<FormState> = {}): FormState => ({ ...emptyForm("a"), name: "web", ...patch });

describe("validateCreate: problems next to their inputs", () => {
  const taken = networkDto({
    engine: "a",
    name: "db",
    ipam: {
      driver: "default",
      config: [{ subnet: "10.20.0.0/16", gateway: null, ipRange: null, auxAddresses: {} }],
      options: {},
    },
  });

  it("has none for a good request", () => {
    expect(validateCreate(form(), ["a"], [taken]).problems).toEqual([]);
  });

  it("places pool, option and name problems on their inputs", () => {
    const state = form({
      name: "db",
      pools: [{ ...emptyPool(1), subnet: "10.20.1.0/24", gateway: "10.99.0.1", aux: "nas=10.99.0.2" }],
      known: { "com.docker.network.driver.mtu": "20" },
    });
    const fields = validateCreate(state, ["a"], [taken]).problems.map((p) => p.field);
    expect(fields.sort()).toEqual(
      [
        "name",
        "options.com.docker.network.driver.mtu",
        "pools.0.auxAddresses",
        "pools.0.gateway",
        "pools.0.subnet",
      ].sort(),
    );
    for (const field of fields) expect(slotsShown(state, false).has(field)).toBe(true);
  });

  it("places an advanced option's problem on Other options, naming its key", () => {
    const state = form({ advanced: true, otherOptions: "com.docker.network.driver.mtu=abc" });
    expect(validateCreate(state, ["a"], []).problems).toEqual([
      { field: "otherOptions", message: "com.docker.network.driver.mtu: A whole number from 68 to 65535." },
    ]);
  });

  it("checks the schema first: an empty name is the only problem of an empty form", () => {
    expect(validateCreate(emptyForm("a"), ["a"], []).problems).toEqual([
      { field: "name", message: "Name the network." },
    ]);
  });

  it("shows Attachable only for swarm-scoped networks", () => {
    expect(slotsShown(form(), false).has("attachable")).toBe(false);
    expect(slotsShown(form({ driver: "overlay" }), false).has("attachable")).toBe(true);
    expect(slotsShown(form({ scope: "swarm" }), false).has("attachable")).toBe(true);
  });

  it("has no problem for the untouched pool row, which leaves the subnet to Docker", () => {
    const state = form();
    expect(state.pools).toHaveLength(1);
    expect(validateCreate(state, ["a"], [taken]).problems).toEqual([]);
    expect(slotsShown(state, false).has("pools.0.subnet")).toBe(true);
  });

  it("puts the problem of an empty plugin name on the plugin input, not on Driver", () => {
    const state = form({ driver: PLUGIN });
    const { problems } = validateCreate(state, ["a"], []);
    expect(problems.map((p) => p.field)).toEqual(["pluginDriver"]);
  });
});
