// What a network's facts say for a pool's gateway. When the IPAM config holds none, Docker still picks one
// (the subnet's first address) and the containers on the network report it: say that, not "none". Pure.
import { contains, parseAddress, parsePrefix } from "@/lib/analysis/cidr";
import type { EndpointDto, IpamConfigDto } from "@/lib/api/types";

export const GATEWAY_NOT_SET = "not set (Docker picks the first address)";

/** `endpoints`: the network's endpoints; the first gateway one of them reports inside the pool's subnet. */
export function gatewayText(pool: IpamConfigDto, endpoints: EndpointDto[]): string {
  if (pool.gateway) return pool.gateway;
  const subnet = pool.subnet ? parsePrefix(pool.subnet) : null;
  if (!subnet) return GATEWAY_NOT_SET;
  const reported = endpoints
    .flatMap((e) => [e.gateway, e.ipv6Gateway])
    .find((g) => {
      const address = g ? parseAddress(g) : null;
      return address !== null && contains(subnet, address.family, address.value);
    });
  return reported ? `chosen by Docker: ${reported}` : GATEWAY_NOT_SET;
}
