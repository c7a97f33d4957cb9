// The "New network" form's state → the body it POSTs: what is left out, how key=value lines are read, when
// unknown options go along, and a plugin driver.
import { describe, expect, it } from "vitest";
import { createNetworkBody } from "@/lib/api/networks";
import {
  attachableApplies,
  blankPool,
  buildCreateBody,
  emptyForm,
  emptyPool,
  FLAG_ON,
  type FormState,
  PLUGIN,
  parseKeyValues,
} from "./create-body";

const form = (patch: Partial<FormState> = {}): FormState => ({ ...emptyForm("a"), name: "web", ...patch });
const build = (patch: Partial<FormState> = {}, sendEngine = false) =>
  buildCreateBody(form(patch), sendEngine);

describe("buildCreateBody: what is sent", () => {
  it("sends only the name for an untouched form, and the schema accepts it", () => {
    const { body, problems } = build();
    expect(body).toEqual({ name: "web" });
    expect(problems).toEqual([]);
    expect(createNetworkBody.safeParse(body).success).toBe(true);
  });

  it("leaves out empty optional fields of a pool, and false flags", () => {
    const { body } = build({
      internal: false,
      pools: [{ ...emptyPool(1), subnet: " 10.20.0.0/24 ", gateway: "  " }],
    });
    expect(body.pools).toEqual([{ subnet: "10.20.0.0/24" }]);
    expect(body).not.toHaveProperty("internal");
    expect(body).not.toHaveProperty("options");
    expect(body).not.toHaveProperty("labels");
  });

  it("opens with one pool row; left blank (or only blank rows), no pool is sent and Docker chooses", () => {
    expect(emptyForm().pools).toEqual([emptyPool(1)]);
    expect(build().body).not.toHaveProperty("pools");
    expect(build({ pools: [emptyPool(1), { ...emptyPool(2), aux: "  \n" }] }).body).not.toHaveProperty(
      "pools",
    );
    expect(blankPool({ ...emptyPool(1), gateway: "10.20.0.1" })).toBe(false);
    // A gateway alone is sent, so that the schema says the subnet it needs is missing.
    expect(build({ pools: [{ ...emptyPool(1), gateway: "10.20.0.1" }] }).body.pools).toEqual([
      { subnet: "", gateway: "10.20.0.1" },
    ]);
  });

  it("sends attachable only where it means something: overlay, or a swarm scope", () => {
    expect(build({ attachable: true }).body).not.toHaveProperty("attachable");
    expect(build({ attachable: true, driver: "macvlan" }).body).not.toHaveProperty("attachable");
    expect(build({ attachable: true, driver: "overlay" }).body.attachable).toBe(true);
    expect(build({ attachable: true, driver: "macvlan", scope: "swarm" }).body.attachable).toBe(true);
    expect(attachableApplies(form({ driver: PLUGIN, pluginDriver: "overlay" }))).toBe(true);
    expect(attachableApplies(form())).toBe(false);
  });

  it("names the engine only when several are configured", () => {
    expect(build({}, false).body).not.toHaveProperty("engine");
    expect(build({}, true).body.engine).toBe("a");
  });

  it("sends every flag, scope and config-from that is set, and a non-default IPAM driver", () => {
    const { body } = build({
      driver: "overlay",
      internal: true,
      attachable: true,
      ipv6: true,
      scope: "swarm",
      configFrom: "base",
      ipamDriver: "custom-ipam",
    });
    expect(body).toMatchObject({
      driver: "overlay",
      internal: true,
      attachable: true,
      ipv6: true,
      scope: "swarm",
      configFrom: "base",
      ipamDriver: "custom-ipam",
    });
    expect(build({ ipamDriver: " default " }).body).not.toHaveProperty("ipamDriver");
  });

  it("reads labels as key=value lines; a bare key is a label with an empty value", () => {
    const { body, problems } = build({ labels: "team=net\n\n  course = ccna 1 \nflag\nurl=a=b" });
    expect(body.labels).toEqual({ team: "net", course: "ccna 1", flag: "", url: "a=b" });
    expect(problems).toEqual([]);
  });

  it("reads aux addresses per pool as name=address, and says which line is not one", () => {
    const { body, problems } = build({
      pools: [
        emptyPool(1),
        { ...emptyPool(2), subnet: "10.20.0.0/24", aux: "router=10.20.0.2\nnas = 10.20.0.3\n10.20.0.4" },
      ],
    });
    expect(body.pools?.[1]?.auxAddresses).toEqual({ router: "10.20.0.2", nas: "10.20.0.3" });
    expect(problems).toEqual([{ field: "pools.1.auxAddresses", message: "Line 3: write name=address." }]);
    // An empty row is still sent, so "pools.0" in a problem is the first row on screen.
    expect(body.pools?.[0]).toEqual({ subnet: "" });
  });

  it("reports a key given twice instead of letting the last one win silently", () => {
    const { body, problems } = build({ labels: "a=1\na=2" });
    expect(body.labels).toEqual({ a: "1" });
    expect(problems).toEqual([{ field: "labels", message: 'Line 2: "a" is already set above.' }]);
  });

  it("sends the chosen driver's known options that are set, a checked flag as a bare key", () => {
    const known = {
      "com.docker.network.driver.mtu": " 1400 ",
      "com.docker.network.bridge.enable_icc": "",
      encrypted: FLAG_ON,
      parent: "eth0",
    };
    expect(build({ known }).body.options).toEqual({ "com.docker.network.driver.mtu": "1400" });
    expect(build({ driver: "overlay", known }).body.options).toEqual({
      encrypted: "",
      "com.docker.network.driver.mtu": "1400",
    });
    expect(build({ driver: "macvlan", known }).body.options).toEqual({ parent: "eth0" });
  });

  it("sends other options only with advanced, and then says advanced", () => {
    const otherOptions = "com.example.foo=bar\nbare";
    const off = build({ otherOptions }).body;
    expect(off).not.toHaveProperty("options");
    expect(off).not.toHaveProperty("advanced");
    const on = build({ otherOptions, advanced: true }).body;
    expect(on.options).toEqual({ "com.example.foo": "bar", bare: "" });
    expect(on.advanced).toBe(true);
  });

  it("refuses an other option that its own field above already sets", () => {
    const { body, problems } = build({
      advanced: true,
      known: { "com.docker.network.driver.mtu": "1400" },
      otherOptions: "com.docker.network.driver.mtu=9000",
    });
    expect(body.options).toEqual({ "com.docker.network.driver.mtu": "1400" });
    expect(problems.map((p) => p.field)).toEqual(["otherOptions"]);
  });

  it("sends a plugin's name as the driver, and none of the known options of a built-in driver", () => {
    const { body } = build({
      driver: PLUGIN,
      pluginDriver: " weaveworks/net-plugin:latest_release ",
      known: { "com.docker.network.driver.mtu": "1400" },
    });
    expect(body.driver).toBe("weaveworks/net-plugin:latest_release");
    expect(body).not.toHaveProperty("options");
    expect(createNetworkBody.safeParse(body).success).toBe(true);
    // Not yet named: sent empty (not as bridge), so the schema's problem is about the plugin's name.
    expect(build({ driver: PLUGIN }).body.driver).toBe("");
  });
});

describe("parseKeyValues", () => {
  it("can refuse bare keys and empty keys", () => {
    expect(parseKeyValues("x\n=1", "refuse").problems).toEqual([
      "Line 1: write key=value.",
      'Line 2: the part before "=" is empty.',
    ]);
  });
});
