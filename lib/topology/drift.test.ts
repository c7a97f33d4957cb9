// findDrift: the live store against a cheap listing of one engine, built here from the recorded Docker 26.1 and
// 20.10 answers the way lib/docker/read.ts readListing builds it. Agreement is silence; each difference is told.
import { describe, expect, it } from "vitest";
import type { TopologyDto } from "@/lib/api/types";
import {
  combineTopologies,
  FIXTURE_VERSIONS,
  fixtureTopology,
  loadFixture,
  shuffled,
} from "@/lib/testing/fixtures";
import { networkDto } from "@/lib/testing/topology-builders";
import { findDrift, type Listing } from "./drift";

/** What readListing answers for a recorded engine: GET /containers/json?all=1 and GET /networks. */
function recordedListing(version: (typeof FIXTURE_VERSIONS)[number]): Listing {
  const recorded = loadFixture(version);
  return {
    containers: recorded.containers.map((c) => ({ id: c.Id, state: c.State ?? "" })),
    networks: recorded.networks.map((n) => n.Id),
  };
}

function idOf(store: TopologyDto, engine: string, name: string): string {
  const found =
    store.containers.find((c) => c.engine === engine && c.name === name) ??
    store.networks.find((n) => n.engine === engine && n.name === name);
  if (!found) throw new Error(`no ${name} on ${engine}`);
  return found.id;
}

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  const other = version === "26.1" ? "20.10" : "26.1";
  const fresh = () => combineTopologies(fixtureTopology(version, "lab-a"), fixtureTopology(other, "lab-b"));

  it("finds nothing when the store and the listing agree, in any order", () => {
    const listing = recordedListing(version);
    expect(findDrift(fresh(), "lab-a", listing)).toEqual([]);
    expect(
      findDrift(fresh(), "lab-a", {
        containers: shuffled(listing.containers, 3),
        networks: shuffled(listing.networks, 4),
      }),
    ).toEqual([]);
    expect(findDrift(fresh(), "lab-b", recordedListing(other))).toEqual([]);
  });

  it("reports a container the store is missing (its create event was lost)", () => {
    const store = fresh();
    const db = idOf(store, "lab-a", "example-db");
    store.containers = store.containers.filter((c) => c.id !== db || c.engine !== "lab-a");
    expect(findDrift(store, "lab-a", recordedListing(version))).toEqual([
      `container ${db.slice(0, 12)} is missing`,
    ]);
  });

  it("reports a container the store still holds but Docker no longer lists (its destroy was lost)", () => {
    const store = fresh();
    const worker = idOf(store, "lab-a", "example-worker");
    const listing = recordedListing(version);
    listing.containers = listing.containers.filter((c) => c.id !== worker);
    expect(findDrift(store, "lab-a", listing)).toEqual([`container ${worker.slice(0, 12)} is gone`]);
  });

  it("reports a state the store got wrong, with both states", () => {
    const store = fresh();
    const api = idOf(store, "lab-a", "example-api");
    const listing = recordedListing(version);
    listing.containers = listing.containers.map((c) => (c.id === api ? { ...c, state: "exited" } : c));
    expect(findDrift(store, "lab-a", listing)).toEqual([
      `container ${api.slice(0, 12)} is exited, store says running`,
    ]);
    const stopped = idOf(store, "lab-a", "example-stopped");
    for (const c of store.containers) if (c.id === stopped) c.state = "running";
    expect(findDrift(store, "lab-a", listing).sort()).toEqual(
      [
        `container ${api.slice(0, 12)} is exited, store says running`,
        `container ${stopped.slice(0, 12)} is created, store says running`,
      ].sort(),
    );
  });

  it("reports a network the store is missing and one it still holds after Docker removed it", () => {
    const store = fresh();
    const data = idOf(store, "lab-a", "example-data");
    store.networks = store.networks.filter((n) => !(n.engine === "lab-a" && n.id === data));
    expect(findDrift(store, "lab-a", recordedListing(version))).toEqual([
      `network ${data.slice(0, 12)} is missing`,
    ]);

    const extra = networkDto({ engine: "lab-a", name: "left-behind" });
    const stale = fresh();
    stale.networks.push(extra);
    expect(findDrift(stale, "lab-a", recordedListing(version))).toEqual([
      `network ${extra.id.slice(0, 12)} is gone`,
    ]);
  });

  it("reports every difference at once", () => {
    const store = fresh();
    const db = idOf(store, "lab-a", "example-db");
    const proxy = idOf(store, "lab-a", "example-proxy");
    const publicNet = idOf(store, "lab-a", "example-public");
    store.containers = store.containers.filter((c) => !(c.engine === "lab-a" && c.id === db));
    store.networks = store.networks.filter((n) => !(n.engine === "lab-a" && n.id === publicNet));
    const listing = recordedListing(version);
    listing.containers = listing.containers.filter((c) => c.id !== proxy);
    const reasons = findDrift(store, "lab-a", listing);
    expect([...reasons].sort()).toEqual(
      [
        `container ${db.slice(0, 12)} is missing`,
        `container ${proxy.slice(0, 12)} is gone`,
        `network ${publicNet.slice(0, 12)} is missing`,
      ].sort(),
    );
  });

  it("ignores other engines' objects, even the same Docker objects on another engine", () => {
    const store = fresh();
    // lab-b lost everything and gained a stray network: none of it concerns lab-a.
    store.containers = store.containers.filter((c) => c.engine !== "lab-b");
    store.networks = store.networks.filter((n) => n.engine !== "lab-b");
    store.networks.push(networkDto({ engine: "lab-b", name: "stray" }));
    expect(findDrift(store, "lab-a", recordedListing(version))).toEqual([]);

    // The same recording on two engines: lab-a's listing says nothing about lab-b's store part.
    const twins = combineTopologies(fixtureTopology(version, "lab-a"), fixtureTopology(version, "lab-b"));
    const api = idOf(twins, "lab-a", "example-api");
    twins.containers = twins.containers.filter((c) => !(c.engine === "lab-b" && c.id === api));
    expect(findDrift(twins, "lab-a", recordedListing(version))).toEqual([]);
    expect(findDrift(twins, "lab-b", recordedListing(version))).toEqual([
      `container ${api.slice(0, 12)} is missing`,
    ]);
  });

  it("reports everything listed as missing for an engine the store does not hold yet", () => {
    const listing = recordedListing(version);
    const reasons = findDrift(fresh(), "lab-c", listing);
    expect(reasons).toHaveLength(listing.containers.length + listing.networks.length);
    expect(reasons.every((r) => r.endsWith(" is missing"))).toBe(true);
    expect(findDrift(fresh(), "lab-c", { containers: [], networks: [] })).toEqual([]);
  });
});

describe("attachments (from the container list)", () => {
  it("reports an attachment the store lacks, one it still has, and a re-made one", () => {
    const store = fixtureTopology("26.1");
    const listing = {
      containers: store.containers.map((c) => ({ id: c.id, state: c.state })),
      networks: store.networks.map((n) => n.id),
      endpoints: store.endpoints.map((e) => ({
        containerId: e.containerId,
        networkName: e.networkName,
        endpointId: e.id,
      })),
    };
    expect(findDrift(store, "local", listing)).toEqual([]);
    const [first, second, third] = listing.endpoints;
    const changed = {
      ...listing,
      endpoints: [
        { ...(first as NonNullable<typeof first>), endpointId: "different" },
        ...listing.endpoints.slice(3),
        {
          containerId: (second as NonNullable<typeof second>).containerId,
          networkName: "elsewhere",
          endpointId: "x",
        },
      ],
    };
    const reasons = findDrift(store, "local", changed);
    expect(reasons.some((r) => r.includes("has another endpoint"))).toBe(true);
    expect(reasons.some((r) => r.includes("is missing"))).toBe(true);
    expect(reasons.filter((r) => r.includes("is gone")).length).toBeGreaterThanOrEqual(third ? 2 : 1);
  });
});
