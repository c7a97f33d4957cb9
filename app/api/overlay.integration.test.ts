// Swarm-scoped networks on a real single-node swarm: the test starts its own lab engine (slot "sw", the
// same Docker version as the suite's engine), makes it a swarm manager, and creates an encrypted, attachable
// overlay with a chosen VXLAN id and a swarm-scoped macvlan through our API, checked with docker inspect.
// A container on the overlay then shows the Linux layer (GET /api/hosts): the overlay's namespace, its VXLAN id
// and the container's veth peer on br0 there, as `ip` shows them. The slot is removed afterwards; the suite's own
// engine is never made a swarm.
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHosts } from "@/app/api/hosts/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import type { HostsDto } from "@/lib/api/hosts";
import type { ApiErrorBody, NetworkDto } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, labDockerHost, TEST_IMAGE } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

const lab = (...args: string[]) =>
  execFileSync("bash", ["scripts/lab.sh", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();

let ids: TestIdentities;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const version = docker(["version", "--format", "{{.Server.Version}}"]).startsWith("20.10")
    ? "20.10"
    : "26.1";
  const out = lab("up", "--name", "sw", "--engine", version);
  const host =
    out
      .split("\n")
      .pop()
      ?.replace(/^DOCKER_HOST=/, "") ?? "";
  // `status` lists each slot with its lab address (SLOT STATE PID ENGINE API LAB_ADDR DOCKER_HOST).
  // It exits 1 when some slot is down; its listing is what counts here.
  const status = spawnSync("bash", ["scripts/lab.sh", "status"], { encoding: "utf8" }).stdout;
  const row = status.split("\n").find((line) => line.startsWith("sw "));
  const address = row?.split(/\s+/).find((field) => /^10\.211\.\d+\.2$/.test(field));
  env = { ...process.env, DOCKER_HOST: host };
  if (!address) throw new Error(`lab.sh status did not show slot sw's address:\n${row ?? "(no row)"}`);
  docker(["swarm", "init", "--advertise-addr", address], env);
  setEngineConfigs(parseEngineConfig(env));
  ids = await testIdentities();
  useIdentities(ids);
}, 180_000);

afterAll(() => {
  setEngineConfigs(parseEngineConfig({ DOCKER_HOST: labDockerHost() }));
  ids?.cleanup();
  lab("down", "--name", "sw");
}, 120_000);

const create = (body: unknown) =>
  call<{ network: NetworkDto; command: string } & ApiErrorBody>(
    createNetwork,
    "/api/networks",
    {},
    {
      method: "POST",
      as: "operator",
      body,
    },
  );

interface RawNet {
  Driver: string;
  Scope: string;
  Attachable: boolean;
  Options: Record<string, string>;
  IPAM: { Config: Array<{ Subnet: string }> };
}

describe("swarm-scoped networks", () => {
  it("creates an encrypted, attachable overlay with its VXLAN id, as docker inspect shows", async () => {
    const answer = await create({
      name: "natest-overlay",
      driver: "overlay",
      attachable: true,
      pools: [{ subnet: "10.181.0.0/24" }],
      options: { encrypted: "", "com.docker.network.driver.overlay.vxlanid_list": "4242" },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.command).toBe(
      "docker network create --driver overlay --attachable --subnet 10.181.0.0/24 --opt encrypted --opt com.docker.network.driver.overlay.vxlanid_list=4242 natest-overlay",
    );
    const raw = (JSON.parse(docker(["network", "inspect", "natest-overlay"], env)) as RawNet[])[0];
    expect(raw).toMatchObject({ Driver: "overlay", Scope: "swarm", Attachable: true });
    expect(raw?.Options).toMatchObject({
      encrypted: "",
      "com.docker.network.driver.overlay.vxlanid_list": "4242",
    });
    expect(raw?.IPAM.Config[0]?.Subnet).toBe("10.181.0.0/24");
  });

  it("creates a swarm-scoped, attachable macvlan on the host's eth0", async () => {
    const answer = await create({
      name: "natest-swarm-mac",
      driver: "macvlan",
      scope: "swarm",
      attachable: true,
      pools: [{ subnet: "10.182.0.0/24" }],
      options: { parent: "eth0" },
    });
    expect(answer.status).toBe(201);
    const raw = (JSON.parse(docker(["network", "inspect", "natest-swarm-mac"], env)) as RawNet[])[0];
    expect(raw).toMatchObject({ Driver: "macvlan", Scope: "swarm", Attachable: true });
  });

  it("shows the overlay's namespace with its VXLAN id and a container's veth peer on br0 there (GET /api/hosts)", async () => {
    const name = "natest-overlay-box";
    docker(
      ["run", "-d", "--name", name, "--network", "natest-overlay", TEST_IMAGE, "sleep", "2147483647"],
      env,
    );
    try {
      const raw = (
        JSON.parse(docker(["container", "inspect", name], env)) as Array<{
          Id: string;
          State: { Pid: number };
          NetworkSettings: { Networks: Record<string, { NetworkID: string }> };
        }>
      )[0];
      const networkId = raw?.NetworkSettings.Networks["natest-overlay"]?.NetworkID ?? "";
      const answer = await call<HostsDto>(getHosts, "/api/hosts");
      expect(answer.status).toBe(200);
      const layer = answer.body.hosts[0];
      expect(layer?.unavailable).toBeNull();
      const overlay = layer?.overlays.find((o) => o.networkId === networkId);
      expect(overlay?.vxlanIds).toEqual([4242]);
      expect(overlay?.namespace).toMatch(/^\d+-/);
      // What the kernel says inside that namespace, read the way engine-notes.md describes.
      const file = `/run/netatlas-lab/sw/exec/netns/${overlay?.namespace}`;
      const nsenter = (...args: string[]) =>
        JSON.parse(execFileSync("nsenter", args, { encoding: "utf8", timeout: 10_000 })) as Array<{
          ifindex: number;
          ifname: string;
          link_index?: number;
          master?: string;
          linkinfo?: { info_data?: { id?: number } };
        }>;
      const vxlans = nsenter(`--net=${file}`, "ip", "-j", "-d", "link", "show", "type", "vxlan");
      expect(vxlans.map((l) => l.linkinfo?.info_data?.id)).toEqual(overlay?.vxlanIds);
      expect(overlay?.links.find((l) => l.kind === "bridge")?.name).toBe("br0");

      const endpoint = layer?.endpoints.find((e) => e.containerId === raw?.Id && e.networkId === networkId);
      expect(endpoint).toMatchObject({ kind: "veth", peerNamespace: overlay?.namespace, bridge: "br0" });
      const inside = nsenter("-t", String(raw?.State.Pid), "-n", "ip", "-j", "link", "show");
      const iface = inside.find((l) => l.ifname === endpoint?.ifname);
      expect(iface?.ifindex).toBe(endpoint?.ifindex);
      const peer = nsenter(`--net=${file}`, "ip", "-j", "link", "show").find(
        (l) => l.ifindex === iface?.link_index,
      );
      expect({
        name: peer?.ifname,
        index: peer?.ifindex,
        master: peer?.master,
        back: peer?.link_index,
      }).toEqual({
        name: endpoint?.peerName,
        index: endpoint?.peerIndex,
        master: "br0",
        back: endpoint?.ifindex,
      });
    } finally {
      docker(["rm", "-f", name], env);
    }
  });
});
