import { describe, expect, it } from "vitest";
import type { IpamConfigDto } from "@/lib/api/types";
import { containerDto, endpointDto, networkDto } from "@/lib/testing/topology-builders";
import { GATEWAY_NOT_SET, gatewayText } from "./gateway-text";

const pool = (patch: Partial<IpamConfigDto> = {}): IpamConfigDto => ({
  subnet: "10.160.0.0/24",
  gateway: null,
  ipRange: null,
  auxAddresses: {},
  ...patch,
});
const network = networkDto({ name: "dd-net" });
const on = (gateway: string | null, ipv6Gateway: string | null = null, name = "web") =>
  endpointDto(containerDto({ name }), network, { gateway, ipv6Gateway });

describe("gatewayText", () => {
  it("shows the IPAM config's gateway as it is", () => {
    expect(gatewayText(pool({ gateway: "10.160.0.254" }), [on("10.160.0.1")])).toBe("10.160.0.254");
  });

  it("says which gateway Docker chose when only the containers report it", () => {
    expect(gatewayText(pool(), [on(null, null, "stopped"), on("10.160.0.1")])).toBe(
      "chosen by Docker: 10.160.0.1",
    );
  });

  it("takes only a gateway inside the pool's subnet (another pool's, or the other family's, is not it)", () => {
    const endpoints = [on("10.99.0.1", "fd00:1::1")];
    expect(gatewayText(pool(), endpoints)).toBe(GATEWAY_NOT_SET);
    expect(gatewayText(pool({ subnet: "fd00:1::/64" }), endpoints)).toBe("chosen by Docker: fd00:1::1");
  });

  it("says Docker picks the first address when nothing reports one", () => {
    expect(gatewayText(pool(), [])).toBe("not set (Docker picks the first address)");
    expect(gatewayText(pool(), [on(null), on("")])).toBe(GATEWAY_NOT_SET);
    expect(gatewayText(pool({ subnet: null }), [on("10.160.0.1")])).toBe(GATEWAY_NOT_SET);
  });
});
