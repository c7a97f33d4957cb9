// The configuration mapContainer carries for names and findings: --add-host entries (parseExtraHosts), legacy
// links (parseLinks), DNS settings, privileges and the host names the environment uses; on made-up entries and
// on the reach scenario recorded from real Docker 26.1 and 20.10 engines.
import { describe, expect, it } from "vitest";
import type { RawContainer } from "@/lib/docker/raw";
import { FIXTURE_VERSIONS } from "@/lib/testing/fixtures";
import { loadReachFixture } from "@/lib/testing/reach-fixtures";
import { mapContainer, parseExtraHosts, parseLinks } from "./map";

describe("parseExtraHosts", () => {
  it("reads nothing from nothing", () => {
    expect(parseExtraHosts(null)).toEqual([]);
    expect(parseExtraHosts(undefined)).toEqual([]);
    expect(parseExtraHosts([])).toEqual([]);
  });

  it.each([
    ["name:ip as Docker keeps it", "extra.test:10.161.250.10", "extra.test", "10.161.250.10"],
    ["name=ip (Docker 25 and later)", "extra.test=10.161.250.10", "extra.test", "10.161.250.10"],
    ["an IPv6 address after a colon", "v6.test:::1", "v6.test", "::1"],
    ["a full IPv6 address after a colon", "v6.test:fd00:1:2::3", "v6.test", "fd00:1:2::3"],
    ["a bracketed IPv6 address after a colon", "v6.test:[fd00::3]", "v6.test", "fd00::3"],
    ["an IPv6 address after =", "v6.test=fd00::3", "v6.test", "fd00::3"],
    ["a bracketed IPv6 address after =", "v6.test=[::1]", "v6.test", "::1"],
    ["the host-gateway keyword", "host.docker.internal:host-gateway", "host.docker.internal", "host-gateway"],
  ])("reads %s", (_what, entry, name, address) => {
    expect(parseExtraHosts([entry])).toEqual([{ name, address }]);
  });

  it("keeps the order and skips entries without a name or a separator", () => {
    expect(parseExtraHosts(["a:1.1.1.1", ":2.2.2.2", "=3.3.3.3", "noseparator", "b=4.4.4.4"])).toEqual([
      { name: "a", address: "1.1.1.1" },
      { name: "b", address: "4.4.4.4" },
    ]);
  });
});

describe("parseLinks", () => {
  it("reads nothing from nothing", () => {
    expect(parseLinks(null)).toEqual([]);
    expect(parseLinks(undefined)).toEqual([]);
  });

  it("reads the linked container and the alias this container knows it by", () => {
    expect(parseLinks(["/db:/web/database", "/cache:/web/cache"])).toEqual([
      { container: "db", alias: "database" },
      { container: "cache", alias: "cache" },
    ]);
  });

  it("skips entries that are not /target:/this/alias", () => {
    expect(parseLinks(["/db", ":/web/x", "/db:", "", "/ok:/web/alias"])).toEqual([
      { container: "ok", alias: "alias" },
    ]);
  });
});

describe.each(FIXTURE_VERSIONS)("mapContainer on the reach scenario recorded from Docker %s", (version) => {
  const f = loadReachFixture(version);
  const { roles } = f.recording;
  const raw = (role: string): RawContainer => {
    const found = f.recording.inspects.find((c) => c.Name === `/${roles[role]}`);
    if (!found) throw new Error(`no container for ${role}`);
    return found;
  };
  const mapped = (role: string) => mapContainer("lab", raw(role));

  it("carries dnsy's --dns, --dns-search, --dns-option and --add-host", () => {
    expect(mapped("dnsy")).toMatchObject({
      dns: { servers: ["10.161.250.9"], search: ["example.test"], options: ["ndots:2"] },
      extraHosts: [{ name: "extra.test", address: "10.161.250.10" }],
      links: [],
    });
  });

  it("carries legacy2's link to legacy1 as oldfriend", () => {
    expect(mapped("legacy2").links).toEqual([{ container: roles.legacy1, alias: "oldfriend" }]);
    expect(mapped("legacy1").links).toEqual([]);
  });

  it("finds the names the environment uses: web's API_URL names db, legacy1's PEER_HOST names legacy2", () => {
    expect(raw("web").Config.Env).toContain(`API_URL=http://${roles.db}:80/`);
    expect(mapped("web").namesUsed).toEqual([roles.db]);
    expect(mapped("legacy1").namesUsed).toEqual([roles.legacy2]);
    // The command (httpd -f -p 80) names no host.
    expect(mapped("api").namesUsed).toEqual([]);
  });

  it("gives empty settings, not nulls, for a container configured with none", () => {
    expect(mapped("api")).toMatchObject({
      dns: { servers: [], search: [], options: [] },
      extraHosts: [],
      links: [],
      privileged: false,
      capAdd: [],
      namesUsed: [],
    });
  });

  it("carries --privileged and --cap-add as Docker holds them", () => {
    const recorded = raw("web");
    const elevated: RawContainer = {
      ...recorded,
      HostConfig: { ...recorded.HostConfig, Privileged: true, CapAdd: ["NET_ADMIN", "SYS_PTRACE"] },
    };
    expect(mapContainer("lab", elevated)).toMatchObject({
      privileged: true,
      capAdd: ["NET_ADMIN", "SYS_PTRACE"],
    });
    const unset: RawContainer = {
      ...recorded,
      HostConfig: { ...recorded.HostConfig, Privileged: undefined, CapAdd: null, Dns: null, DnsSearch: null },
    };
    expect(mapContainer("lab", unset)).toMatchObject({
      privileged: false,
      capAdd: [],
      dns: { servers: [], search: [] },
    });
  });
});
