import { describe, expect, it } from "vitest";
import { connectBody } from "@/lib/api/networks";
import { containerDto, endpointDto, networkDto } from "@/lib/testing/topology-builders";
import { checkConnect, freeAddresses } from "./network-connect";

const net = networkDto({
  name: "app",
  ipam: {
    driver: "default",
    config: [{ subnet: "10.50.0.0/24", gateway: null, ipRange: null, auxAddresses: { nas: "10.50.0.3" } }],
    options: {},
  },
});
const holder = containerDto({ name: "holder" });
const onNet = [endpointDto(holder, net, { ipv4Address: "10.50.0.2/24" })];
const check = (input: Record<string, unknown>) =>
  checkConnect(connectBody.parse({ container: "box", ...input }), net, onNet, (id) =>
    id === holder.id ? "holder" : id,
  );

describe("checkConnect", () => {
  it("accepts a free address inside the pool, and no address at all", () => {
    expect(check({ ipv4: "10.50.0.9" })).toEqual([]);
    expect(check({})).toEqual([]);
  });

  it("names the container that holds a taken address", () => {
    expect(check({ ipv4: "10.50.0.2" })).toEqual([
      { field: "ipv4", message: "10.50.0.2 is taken by holder." },
    ]);
  });

  it("refuses the gateway Docker chose by itself (the first address) and addresses outside the pool", () => {
    expect(check({ ipv4: "10.50.0.1" })).toEqual([
      { field: "ipv4", message: "10.50.0.1 is the network's gateway." },
    ]);
    expect(check({ ipv4: "10.51.0.9" })[0]?.message).toBe("10.51.0.9 is not inside 10.50.0.0/24.");
  });

  it("refuses text that is not an address of the right family, and IPv6 on a network without an IPv6 pool", () => {
    expect(check({ ipv4: "10.50.0.300" })[0]?.field).toBe("ipv4");
    expect(check({ ipv4: "fd00::1" })[0]?.message).toContain("not an IPv4 address");
    expect(check({ ipv6: "fd00::5" })[0]?.message).toContain("has no IPv6 subnet");
    expect(check({ linkLocalIps: ["nope"] })).toEqual([
      { field: "linkLocalIps.0", message: '"nope" is not an IP address.' },
    ]);
  });
});

describe("freeAddresses", () => {
  it("skips the network address, the implied gateway, aux addresses and those in use", () => {
    expect(freeAddresses(net, onNet, 3)).toEqual(["10.50.0.4", "10.50.0.5", "10.50.0.6"]);
  });

  it("stays inside the ip-range, and never offers the broadcast address", () => {
    const ranged = networkDto({
      ipam: {
        driver: "default",
        config: [
          { subnet: "10.60.0.0/24", gateway: "10.60.0.1", ipRange: "10.60.0.252/30", auxAddresses: {} },
        ],
        options: {},
      },
    });
    expect(freeAddresses(ranged, [], 10)).toEqual(["10.60.0.252", "10.60.0.253", "10.60.0.254"]);
  });

  it("offers nothing for a network without an IPv4 pool", () => {
    expect(freeAddresses(networkDto({ ipam: { driver: "default", config: [], options: {} } }), [])).toEqual(
      [],
    );
  });
});
