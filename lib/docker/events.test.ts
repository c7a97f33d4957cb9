// mapEvent (Docker's raw event → our EngineEvent) and the filters the events stream is opened with: container and
// network events only, details after a colon dropped from the action, anything incomplete left out.
import { describe, expect, it } from "vitest";
import { EVENT_FILTERS, mapEvent } from "./events";
import { NdjsonSplitter } from "./ndjson";

const CONTAINER_ID = "fa5c5ea3727c2030241a1820aea5bb367724c134abdb8ee8f2044a9c5a65a891";
const NETWORK_ID = "b9d3040614e2c1a5e3b7a1d0c9f8e7d6c5b4a3928170615243342516f7e8d9c0";

/** Events as dockerd 26.1 writes them on GET /events (one per line). */
const containerStart = {
  status: "start",
  id: CONTAINER_ID,
  from: "netatlas/busybox:latest",
  Type: "container",
  Action: "start",
  Actor: {
    ID: CONTAINER_ID,
    Attributes: { image: "netatlas/busybox:latest", name: "example-api", "netatlas.example": "true" },
  },
  scope: "local",
  time: 1_795_812_591,
  timeNano: 1_795_812_591_987_654_400,
};

const networkConnect = {
  Type: "network",
  Action: "connect",
  Actor: { ID: NETWORK_ID, Attributes: { container: CONTAINER_ID, name: "example-public", type: "bridge" } },
  scope: "local",
  time: 1_795_812_592,
  timeNano: 1_795_812_592_000_000_000,
};

describe("mapEvent", () => {
  it("maps a container event: engine, type, action, the container's id, attributes and time", () => {
    expect(mapEvent("lab-a", containerStart)).toEqual({
      engine: "lab-a",
      type: "container",
      action: "start",
      id: CONTAINER_ID,
      attributes: { image: "netatlas/busybox:latest", name: "example-api", "netatlas.example": "true" },
      timeNano: 1_795_812_591_987_654_400,
    });
  });

  it("maps a network event with the network's id and keeps the attached container in the attributes", () => {
    const event = mapEvent("lab-b", networkConnect);
    expect(event).toEqual({
      engine: "lab-b",
      type: "network",
      action: "connect",
      id: NETWORK_ID,
      attributes: { container: CONTAINER_ID, name: "example-public", type: "bridge" },
      timeNano: 1_795_812_592_000_000_000,
    });
    expect(event?.attributes.container).toBe(CONTAINER_ID);
  });

  it("drops the details after a colon: health_status: healthy is health_status", () => {
    const raw = { ...containerStart, Action: "health_status: healthy" };
    expect(mapEvent("local", raw)?.action).toBe("health_status");
    expect(mapEvent("local", { ...containerStart, Action: "health_status: unhealthy" })?.action).toBe(
      "health_status",
    );
    expect(mapEvent("local", { ...containerStart, Action: "exec_start: sh -c echo a:b" })?.action).toBe(
      "exec_start",
    );
    expect(mapEvent("local", raw)?.attributes).toEqual(containerStart.Actor.Attributes);
  });

  it("answers null for an event type the map does not show", () => {
    for (const Type of ["image", "volume", "plugin", "daemon", "secret", "config", "builder"]) {
      expect(mapEvent("local", { ...containerStart, Type }), Type).toBeNull();
    }
    expect(mapEvent("local", { ...containerStart, Type: undefined })).toBeNull();
    expect(mapEvent("local", { ...containerStart, Type: "Container" })).toBeNull();
  });

  it("answers null without an Actor, an Actor id, or an Action", () => {
    expect(mapEvent("local", { ...containerStart, Actor: undefined })).toBeNull();
    expect(mapEvent("local", { ...containerStart, Actor: { Attributes: { name: "x" } } })).toBeNull();
    expect(mapEvent("local", { ...containerStart, Actor: { ID: "" } })).toBeNull();
    expect(mapEvent("local", { ...containerStart, Action: undefined })).toBeNull();
    expect(mapEvent("local", { ...containerStart, Action: "" })).toBeNull();
  });

  it("answers empty attributes and time 0 when Docker sends none", () => {
    expect(mapEvent("local", { Type: "network", Action: "destroy", Actor: { ID: NETWORK_ID } })).toEqual({
      engine: "local",
      type: "network",
      action: "destroy",
      id: NETWORK_ID,
      attributes: {},
      timeNano: 0,
    });
  });

  it("maps a stream of raw lines split into chunks, skipping what the map does not show", () => {
    const lines = [
      containerStart,
      { Type: "image", Action: "pull", Actor: { ID: "netatlas/busybox:latest" } },
      networkConnect,
      { ...containerStart, Action: "health_status: healthy" },
    ]
      .map((e) => `${JSON.stringify(e)}\n`)
      .join("");
    const bytes = new TextEncoder().encode(lines);
    const splitter = new NdjsonSplitter();
    const raw = [bytes.subarray(0, 100), bytes.subarray(100, 401), bytes.subarray(401)].flatMap((c) =>
      splitter.push(c),
    );
    const events = (raw as Parameters<typeof mapEvent>[1][]).flatMap((r) => mapEvent("local", r) ?? []);
    expect(events.map((e) => `${e.type} ${e.action}`)).toEqual([
      "container start",
      "network connect",
      "container health_status",
    ]);
  });
});

describe("EVENT_FILTERS", () => {
  it("asks for container and network events, and a swarm manager's service and node events", () => {
    expect([...EVENT_FILTERS.type].sort()).toEqual(["container", "network", "node", "service"]);
  });

  it("maps a swarm manager's service and node events", () => {
    const update = { Type: "service", Action: "update", Actor: { ID: "svc1", Attributes: { name: "web" } } };
    expect(mapEvent("a", update)).toMatchObject({ type: "service", action: "update", id: "svc1" });
    expect(mapEvent("a", { ...update, Type: "node", Actor: { ID: "node1" } })).toMatchObject({
      type: "node",
      id: "node1",
    });
  });

  it("leaves out exec_*, attach, top and the other events that do not change the map", () => {
    expect(EVENT_FILTERS.event.filter((e) => e.startsWith("exec_"))).toEqual([]);
    for (const noise of ["attach", "detach", "top", "resize", "commit", "copy", "export", "archive-path"]) {
      expect(EVENT_FILTERS.event).not.toContain(noise);
    }
  });

  it("asks for every event the live feed acts on, each once", () => {
    for (const needed of ["create", "start", "die", "stop", "destroy", "rename", "connect", "disconnect"]) {
      expect(EVENT_FILTERS.event).toContain(needed);
    }
    expect(new Set(EVENT_FILTERS.event).size).toBe(EVENT_FILTERS.event.length);
  });
});
