// mapSwarmState, mapSwarmNode, mapService and mapTask on the swarm recorded from two lab engines (a: Docker 26.1
// manager netatlas-a, b: Docker 20.10 worker netatlas-b), field by field against Docker's JSON, and on small
// hand-made answers for what the recording does not hold (old managers, failed tasks, inactive swarm mode).
import { describe, expect, it } from "vitest";
import { loadSwarmRecording } from "@/lib/testing/fixtures";
import { mapService, mapSwarmNode, mapSwarmState, mapTask } from "./map-swarm";
import type { RawInfo, RawService, RawSwarmNode, RawTask } from "./raw";

const recording = loadSwarmRecording();

const CLUSTER = "seqjttf0bykpc2wcja1ij2no9";
const NODE_A = "kt0b682vtezte6vihuat2rtqx";
const NODE_B = "y0nijwr8gzzm6qyh43pqtbrf2";
const INGRESS = "izulaod61htmywbtjvc4k6onj";
const MESH = "9fxybqj8satt4zh5ffme4a58a";
const WEB = "sqoyb2qk2rezx8586lmp6bujy";
const DNS = "4xcq26cytbs6ylqs98ywfde2p";

function byId<T extends { ID: string }>(list: T[], id: string): T {
  const found = list.find((x) => x.ID === id);
  if (!found) throw new Error(`recording has no ${id}`);
  return found;
}

const rawService = (name: string): RawService => {
  const found = recording.services.find((s) => s.Spec.Name === name);
  if (!found) throw new Error(`recording has no service ${name}`);
  return found;
};

/** The smallest task Docker could answer: what mapTask must survive. */
const bareTask = (overrides: Partial<RawTask> = {}): RawTask => ({ ID: "t1", ServiceID: "s1", ...overrides });

describe("the recording", () => {
  it("is the two-node swarm the tests below describe", () => {
    expect(recording.infoA.Swarm?.Cluster?.ID).toBe(CLUSTER);
    expect(recording.nodes.map((n) => n.ID).sort()).toEqual([NODE_A, NODE_B]);
    expect(recording.services.map((s) => s.Spec.Name).sort()).toEqual(["fx-dns", "fx-web"]);
    expect(recording.tasks).toHaveLength(5);
    expect(recording.networksA.map((n) => n.Name).sort()).toEqual(["fx-mesh", "ingress"]);
    expect(recording.networksB.map((n) => n.Name).sort()).toEqual(["fx-mesh", "ingress"]);
  });
});

describe("mapSwarmState", () => {
  it("maps the manager's /info: active, its node id and address, manager, the cluster id", () => {
    expect(mapSwarmState(recording.infoA)).toEqual({
      state: "active",
      nodeId: NODE_A,
      isManager: true,
      cluster: CLUSTER,
      nodeAddress: "10.212.0.1",
    });
  });

  it("maps the worker's /info: not a manager, and no cluster id (Docker gives workers Cluster: null)", () => {
    expect(recording.infoB.Swarm?.Cluster).toBeNull();
    expect(mapSwarmState(recording.infoB)).toEqual({
      state: "active",
      nodeId: NODE_B,
      isManager: false,
      cluster: null,
      nodeAddress: "10.212.0.2",
    });
  });

  it("answers state inactive with null ids for an engine not in a swarm (empty strings become null)", () => {
    const info: RawInfo = {
      Name: "lab",
      Swarm: { LocalNodeState: "inactive", NodeID: "", NodeAddr: "", ControlAvailable: false },
    };
    expect(mapSwarmState(info)).toEqual({
      state: "inactive",
      nodeId: null,
      isManager: false,
      cluster: null,
      nodeAddress: null,
    });
  });

  it("keeps the other local node states as Docker says them", () => {
    for (const state of ["pending", "error", "locked"])
      expect(mapSwarmState({ Swarm: { LocalNodeState: state } })?.state).toBe(state);
  });

  it("answers null when /info has no Swarm at all, or no LocalNodeState in it", () => {
    expect(mapSwarmState({ Name: "old" })).toBeNull();
    expect(mapSwarmState({ Swarm: {} })).toBeNull();
    expect(mapSwarmState({ Swarm: { LocalNodeState: "" } })).toBeNull();
  });

  it("does not call an engine a manager when ControlAvailable is missing", () => {
    expect(mapSwarmState({ Swarm: { LocalNodeState: "active", NodeID: "n1" } })?.isManager).toBe(false);
  });
});

describe("mapSwarmNode on the recording", () => {
  it("maps the manager node: role, leader, reachability, address, engine version", () => {
    expect(mapSwarmNode("a", CLUSTER, byId(recording.nodes, NODE_A))).toEqual({
      engine: "a",
      cluster: CLUSTER,
      id: NODE_A,
      hostname: "netatlas-a",
      role: "manager",
      availability: "active",
      state: "ready",
      address: "10.212.0.1",
      leader: true,
      reachability: "reachable",
      engineVersion: "26.1.5+dfsg1",
      labels: {},
    });
  });

  it("maps the worker node: no manager status, so not leader and no reachability", () => {
    expect(byId(recording.nodes, NODE_B).ManagerStatus).toBeUndefined();
    expect(mapSwarmNode("a", CLUSTER, byId(recording.nodes, NODE_B))).toEqual({
      engine: "a",
      cluster: CLUSTER,
      id: NODE_B,
      hostname: "netatlas-b",
      role: "worker",
      availability: "active",
      state: "ready",
      address: "10.212.0.2",
      leader: false,
      reachability: null,
      engineVersion: "20.10.24+dfsg1",
      labels: {},
    });
  });

  it("gives each node the address its engine advertises in /info", () => {
    const nodes = recording.nodes.map((n) => mapSwarmNode("a", CLUSTER, n));
    for (const info of [recording.infoA, recording.infoB]) {
      const node = nodes.find((n) => n.id === info.Swarm?.NodeID);
      expect(node?.address).toBe(info.Swarm?.NodeAddr);
      expect(node?.hostname).toBe(info.Name);
      expect(node?.role === "manager").toBe(info.Swarm?.ControlAvailable);
    }
  });
});

describe("mapSwarmNode edge cases", () => {
  const manager = (status: RawSwarmNode["Status"], managerAddr?: string): RawSwarmNode => ({
    ID: "m0000000000000000000000001",
    Spec: { Role: "manager", Availability: "active" },
    Description: { Hostname: "mgr" },
    Status: status,
    ManagerStatus: { Leader: false, Reachability: "unreachable", Addr: managerAddr },
  });

  it("takes a manager's ManagerStatus.Addr without its port when Status.Addr is 0.0.0.0", () => {
    const node = mapSwarmNode("e", "c", manager({ State: "ready", Addr: "0.0.0.0" }, "192.168.5.4:2377"));
    expect(node.address).toBe("192.168.5.4");
    expect(node.reachability).toBe("unreachable");
    expect(node.leader).toBe(false);
  });

  it("takes ManagerStatus.Addr also when Status.Addr is missing, and prefers a real Status.Addr", () => {
    expect(mapSwarmNode("e", "c", manager({ State: "ready" }, "10.1.0.1:2377")).address).toBe("10.1.0.1");
    expect(
      mapSwarmNode("e", "c", manager({ State: "ready", Addr: "10.1.0.9" }, "10.1.0.1:2377")).address,
    ).toBe("10.1.0.9");
  });

  it("takes an IPv6 ManagerStatus.Addr ([ip]:port, as Go's JoinHostPort writes it) without brackets", () => {
    // Overlay peers list the bare address (fd00:10::1): the node must carry the same form to be matched.
    const node = mapSwarmNode("e", "c", manager({ State: "ready", Addr: "0.0.0.0" }, "[fd00:10::1]:2377"));
    expect(node.address).toBe("fd00:10::1");
  });

  it("has no address when neither Status.Addr nor a manager address is known", () => {
    expect(mapSwarmNode("e", "c", manager({ State: "down", Addr: "0.0.0.0" })).address).toBeNull();
    expect(mapSwarmNode("e", "c", { ID: "w1", Status: { State: "down", Addr: "" } }).address).toBeNull();
  });

  it("fills what a sparse node leaves out: short id for hostname, worker, unknown state, no labels", () => {
    expect(mapSwarmNode("e", "c", { ID: "abcdefghijklmnopqrstuvwxy" })).toEqual({
      engine: "e",
      cluster: "c",
      id: "abcdefghijklmnopqrstuvwxy",
      hostname: "abcdefghijkl",
      role: "worker",
      availability: "unknown",
      state: "unknown",
      address: null,
      leader: false,
      reachability: null,
      engineVersion: null,
      labels: {},
    });
  });

  it("keeps a drained node's availability, a down state and its labels; null labels become {}", () => {
    const node = mapSwarmNode("e", "c", {
      ID: "d1",
      Spec: { Role: "worker", Availability: "drain", Labels: { zone: "b" } },
      Status: { State: "down", Addr: "10.0.0.3" },
      ManagerStatus: null,
    });
    expect(node).toMatchObject({
      availability: "drain",
      state: "down",
      labels: { zone: "b" },
      leader: false,
    });
    expect(mapSwarmNode("e", "c", { ID: "d2", Spec: { Labels: null } }).labels).toEqual({});
  });
});

describe("mapService on the recording", () => {
  it("maps fx-web: 3 replicas, vip with an address on ingress and on fx-mesh, 8089→80 through ingress", () => {
    expect(mapService("a", CLUSTER, rawService("fx-web"))).toEqual({
      engine: "a",
      cluster: CLUSTER,
      id: WEB,
      name: "fx-web",
      image: "netatlas/busybox:latest",
      mode: "replicated",
      replicas: 3,
      endpointMode: "vip",
      vips: [
        { networkId: INGRESS, address: "10.0.0.8/24" },
        { networkId: MESH, address: "10.187.0.2/24" },
      ],
      ports: [{ protocol: "tcp", targetPort: 80, publishedPort: 8089, publishMode: "ingress" }],
      networks: [MESH],
      labels: { "netatlas.fixture": "1" },
      updatedAt: "2026-11-28T00:42:52.405184641Z",
    });
  });

  it("maps fx-dns: global, so no replica count; dnsrr, so no VIP; no ports", () => {
    expect(mapService("a", CLUSTER, rawService("fx-dns"))).toEqual({
      engine: "a",
      cluster: CLUSTER,
      id: DNS,
      name: "fx-dns",
      image: "netatlas/busybox:latest",
      mode: "global",
      replicas: null,
      endpointMode: "dnsrr",
      vips: [],
      ports: [],
      networks: [MESH],
      labels: {},
      updatedAt: "2026-11-28T00:42:52.423664979Z",
    });
  });

  it("keys every VIP by the id of a network both engines list, under the name Docker gives it", () => {
    const vips = mapService("a", CLUSTER, rawService("fx-web")).vips;
    for (const networks of [recording.networksA, recording.networksB]) {
      const names = new Map(networks.map((n) => [n.Id, n.Name]));
      expect(vips.map((v) => names.get(v.networkId))).toEqual(["ingress", "fx-mesh"]);
    }
  });

  it("maps the ports Docker published (Endpoint.Ports), not only the spec's", () => {
    const raw = rawService("fx-web");
    expect(mapService("a", CLUSTER, raw).ports).toEqual(
      (raw.Endpoint?.Ports ?? []).map((p) => ({
        protocol: p.Protocol,
        targetPort: p.TargetPort,
        publishedPort: p.PublishedPort,
        publishMode: p.PublishMode,
      })),
    );
  });
});

describe("mapService edge cases", () => {
  const service = (spec: Partial<RawService["Spec"]>, rest: Partial<RawService> = {}): RawService => ({
    ID: "s1",
    Spec: { Name: "svc", ...spec },
    ...rest,
  });
  const digest = "a".repeat(64);

  it("drops the @sha256 digest Docker pins the image with, keeping the tag a person typed", () => {
    const image = (ref: string) =>
      mapService("e", "c", service({ TaskTemplate: { ContainerSpec: { Image: ref } } })).image;
    expect(image(`nginx:1.27@sha256:${digest}`)).toBe("nginx:1.27");
    expect(image(`registry.local:5000/team/nginx@sha256:${digest}`)).toBe("registry.local:5000/team/nginx");
    expect(image("nginx:1.27")).toBe("nginx:1.27");
  });

  it("names every mode, and gives a replica count only to replicated services", () => {
    const mapped = (mode: NonNullable<RawService["Spec"]["Mode"]>) =>
      mapService("e", "c", service({ Mode: mode }));
    expect(mapped({ Replicated: { Replicas: 4 } })).toMatchObject({ mode: "replicated", replicas: 4 });
    expect(mapped({ Replicated: { Replicas: 0 } })).toMatchObject({ mode: "replicated", replicas: 0 });
    expect(mapped({ Replicated: {} })).toMatchObject({ mode: "replicated", replicas: 1 });
    expect(mapped({ Global: {} })).toMatchObject({ mode: "global", replicas: null });
    expect(mapped({ ReplicatedJob: {} })).toMatchObject({ mode: "replicated-job", replicas: null });
    expect(mapped({ GlobalJob: {} })).toMatchObject({ mode: "global-job", replicas: null });
  });

  it("fills what a sparse service leaves out: replicated ×1, vip, no image, no VIPs, ports or networks", () => {
    expect(mapService("e", "c", service({}))).toEqual({
      engine: "e",
      cluster: "c",
      id: "s1",
      name: "svc",
      image: "",
      mode: "replicated",
      replicas: 1,
      endpointMode: "vip",
      vips: [],
      ports: [],
      networks: [],
      labels: {},
      updatedAt: "",
    });
    const nulls = service(
      { Labels: null, EndpointSpec: null, TaskTemplate: { Networks: null } },
      { Endpoint: { Ports: null, VirtualIPs: null } },
    );
    expect(mapService("e", "c", nulls)).toMatchObject({
      labels: {},
      endpointMode: "vip",
      networks: [],
      vips: [],
      ports: [],
    });
  });

  it("skips VIPs without an address or network and networks without a target", () => {
    const raw = service(
      { TaskTemplate: { Networks: [{ Target: "n1" }, {}] } },
      {
        Endpoint: {
          VirtualIPs: [
            { NetworkID: "n1", Addr: "10.0.1.2/24" },
            { NetworkID: "n2" },
            { Addr: "10.0.3.2/24" },
          ],
        },
      },
    );
    expect(mapService("e", "c", raw)).toMatchObject({
      vips: [{ networkId: "n1", address: "10.0.1.2/24" }],
      networks: ["n1"],
    });
  });

  it("maps a host-mode port without a published port, and defaults a bare port to tcp through ingress", () => {
    const raw = service(
      {},
      { Endpoint: { Ports: [{ Protocol: "udp", TargetPort: 53, PublishMode: "host" }, { TargetPort: 80 }] } },
    );
    expect(mapService("e", "c", raw).ports).toEqual([
      { protocol: "udp", targetPort: 53, publishedPort: null, publishMode: "host" },
      { protocol: "tcp", targetPort: 80, publishedPort: null, publishMode: "ingress" },
    ]);
  });
});

describe("mapTask on the recording", () => {
  const tasks = recording.tasks.map((t) => mapTask("a", CLUSTER, t));
  const task = (id: string) => {
    const found = tasks.find((t) => t.id === id);
    if (!found) throw new Error(`no task ${id}`);
    return found;
  };

  it("maps a replicated task: slot, node, container, an address on each of its networks, running", () => {
    expect(task("yd5r67qhy6fd789hqkinc1rsj")).toEqual({
      engine: "a",
      cluster: CLUSTER,
      id: "yd5r67qhy6fd789hqkinc1rsj",
      serviceId: WEB,
      slot: 1,
      nodeId: NODE_B,
      state: "running",
      desiredState: "running",
      containerId: "cce22e10b87f4c64f1802a6860f38b3854b0f409c134f70660e544513e64ba22",
      addresses: [
        { networkId: INGRESS, address: "10.0.0.11/24" },
        { networkId: MESH, address: "10.187.0.5/24" },
      ],
      // Status.Message is "started": not an error.
      error: null,
      updatedAt: "2026-11-28T00:42:53.932393358Z",
    });
  });

  it("maps a global task: no slot, one address on fx-mesh only (dnsrr: not on ingress)", () => {
    expect(task("2q9hgfouz20c8xgawkfvmn126")).toEqual({
      engine: "a",
      cluster: CLUSTER,
      id: "2q9hgfouz20c8xgawkfvmn126",
      serviceId: DNS,
      slot: null,
      nodeId: NODE_B,
      state: "running",
      desiredState: "running",
      containerId: "6ca3e72fbc1baa91f656cfc030f387a52351da171d4dea674be55911d92d3878",
      addresses: [{ networkId: MESH, address: "10.187.0.7/24" }],
      error: null,
      updatedAt: "2026-11-28T00:42:53.830044423Z",
    });
  });

  it("places fx-web's 3 slots at most 2 per node, and one fx-dns task on each node", () => {
    const web = tasks.filter((t) => t.serviceId === WEB);
    expect(web.map((t) => t.slot).sort()).toEqual([1, 2, 3]);
    expect(web.map((t) => [t.slot, t.nodeId]).sort()).toEqual([
      [1, NODE_B],
      [2, NODE_B],
      [3, NODE_A],
    ]);
    const dns = tasks.filter((t) => t.serviceId === DNS);
    expect(dns.map((t) => t.slot)).toEqual([null, null]);
    expect(dns.map((t) => t.nodeId).sort()).toEqual([NODE_A, NODE_B]);
  });

  it("matches every field of every task to Docker's JSON", () => {
    for (const raw of recording.tasks) {
      const mapped = task(raw.ID);
      expect(mapped.serviceId).toBe(raw.ServiceID);
      expect(mapped.slot).toBe(raw.Slot ?? null);
      expect(mapped.nodeId).toBe(raw.NodeID);
      expect(mapped.state).toBe(raw.Status?.State);
      expect(mapped.desiredState).toBe(raw.DesiredState);
      expect(mapped.containerId).toBe(raw.Status?.ContainerStatus?.ContainerID);
      expect(mapped.updatedAt).toBe(raw.UpdatedAt);
      expect(mapped.addresses).toEqual(
        (raw.NetworksAttachments ?? []).flatMap((a) =>
          (a.Addresses ?? []).map((address) => ({ networkId: a.Network?.ID, address })),
        ),
      );
    }
  });

  it("names each task's container and addresses as the engine of its node lists them", () => {
    const engineOf = new Map([
      [NODE_A, recording.networksA],
      [NODE_B, recording.networksB],
    ]);
    for (const t of tasks) {
      const networks = engineOf.get(t.nodeId ?? "") ?? [];
      for (const a of t.addresses) {
        const network = networks.find((n) => n.Id === a.networkId);
        const member = network?.Containers?.[t.containerId ?? ""] as { IPv4Address?: string } | undefined;
        expect(member?.IPv4Address, `${t.id} on ${a.networkId}`).toBe(a.address);
      }
    }
  });
});

describe("mapTask edge cases", () => {
  it("fills what a bare task leaves out: no slot, node, container or addresses; unknown states", () => {
    expect(mapTask("e", "c", bareTask())).toEqual({
      engine: "e",
      cluster: "c",
      id: "t1",
      serviceId: "s1",
      slot: null,
      nodeId: null,
      state: "unknown",
      desiredState: "unknown",
      containerId: null,
      addresses: [],
      error: null,
      updatedAt: "",
    });
  });

  it("treats an empty NodeID, a null ContainerStatus and null attachments as absent", () => {
    const raw = bareTask({
      NodeID: "",
      Status: { State: "pending", ContainerStatus: null },
      NetworksAttachments: null,
    });
    expect(mapTask("e", "c", raw)).toMatchObject({ nodeId: null, containerId: null, addresses: [] });
    const noStatus = bareTask({ Status: { State: "assigned", ContainerStatus: { ContainerID: "" } } });
    expect(mapTask("e", "c", noStatus).containerId).toBeNull();
  });

  it("keeps attachments without addresses out, and one without a network id under ''", () => {
    const raw = bareTask({
      NetworksAttachments: [
        { Network: { ID: "n1" }, Addresses: null },
        { Addresses: ["10.9.0.2/24"] },
        { Network: { ID: "n3" }, Addresses: ["10.3.0.2/24", "fd00:3::2/64"] },
      ],
    });
    expect(mapTask("e", "c", raw).addresses).toEqual([
      { networkId: "", address: "10.9.0.2/24" },
      { networkId: "n3", address: "10.3.0.2/24" },
      { networkId: "n3", address: "fd00:3::2/64" },
    ]);
  });

  it("takes the error from Err when there is one, even over Message", () => {
    const failed = bareTask({
      Slot: 2,
      Status: { State: "failed", Err: "task: non-zero exit (1)", Message: "started" },
      DesiredState: "shutdown",
    });
    expect(mapTask("e", "c", failed)).toMatchObject({
      slot: 2,
      state: "failed",
      desiredState: "shutdown",
      error: "task: non-zero exit (1)",
    });
    // A task the scheduler cannot place stays pending with Err set.
    const unplaced = bareTask({
      Status: { State: "pending", Err: "no suitable node (max replicas per node limit exceed)" },
    });
    expect(mapTask("e", "c", unplaced).error).toBe("no suitable node (max replicas per node limit exceed)");
  });

  it("takes Message as the error only for a failed, rejected or orphaned task without Err", () => {
    for (const state of ["failed", "rejected", "orphaned"])
      expect(mapTask("e", "c", bareTask({ Status: { State: state, Message: "went wrong" } })).error).toBe(
        "went wrong",
      );
    for (const [state, message] of [
      ["running", "started"],
      ["shutdown", "shutdown"],
      ["complete", "finished"],
    ])
      expect(mapTask("e", "c", bareTask({ Status: { State: state, Message: message } })).error).toBeNull();
    expect(
      mapTask("e", "c", bareTask({ Status: { State: "failed", Message: "", Err: "" } })).error,
    ).toBeNull();
  });
});
