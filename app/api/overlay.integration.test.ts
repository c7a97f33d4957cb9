// Swarm-scoped networks on a real single-node swarm: the test starts its own lab engine (slot "sw", the
// same Docker version as the suite's engine), makes it a swarm manager, and creates an encrypted, attachable
// overlay with a chosen VXLAN id and a swarm-scoped macvlan through our API, checked with docker inspect.
// The slot is removed afterwards; the suite's own engine is never made a swarm.
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createNetwork } from "@/app/api/networks/route";
import type { ApiErrorBody, NetworkDto } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, labDockerHost } from "@/lib/testing/docker-cli";
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
});
