// findContainerIn / findNetworkIn: a reference by full id, name, unique id prefix (3 characters or more) or
// "engine/reference", on one or two engines; not_found and ambiguous answers, and an overlay seen on two engines.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import type { ErrorCode } from "@/lib/api/types";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "@/lib/topology/build";
import { findContainerIn, findNetworkIn } from "./lookup";

function failure(fn: () => unknown, code: ErrorCode): AppError {
  let thrown: unknown = null;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
  return thrown as AppError;
}

// Two engines: "web" and "app" exist on both; "db" only on lab-a; "cache" only on lab-b; an overlay on both.
const appA = networkDto({ engine: "lab-a", name: "app" });
const appB = networkDto({ engine: "lab-b", name: "app" });
const overlay = (engine: string) =>
  networkDto({ engine, name: "mesh", id: "0123456789abcdefghijklmno", driver: "overlay", scope: "swarm" });
const webA = containerDto({ engine: "lab-a", name: "web" });
const webB = containerDto({ engine: "lab-b", name: "web" });
const db = containerDto({ engine: "lab-a", name: "db" });
const cache = containerDto({ engine: "lab-b", name: "cache" });
const model = buildTopology(
  topologyOf({
    engines: [engineDto({ id: "lab-a" }), engineDto({ id: "lab-b" })],
    networks: [appA, appB, overlay("lab-a"), overlay("lab-b")],
    containers: [webA, webB, db, cache],
    endpoints: [
      endpointDto(webA, appA),
      endpointDto(webB, appB),
      endpointDto(db, appA),
      endpointDto(cache, appB),
    ],
  }),
);

describe("findContainerIn", () => {
  it("finds a container by full id, by name, and by an id prefix of 3 characters or more", () => {
    expect(findContainerIn(model, db.id, null)).toEqual(db);
    expect(findContainerIn(model, "db", null)).toEqual(db);
    expect(findContainerIn(model, db.id.slice(0, 12), null)).toEqual(db);
    expect(findContainerIn(model, cache.id.slice(0, 3), null)).toEqual(cache);
  });

  it("does not take a prefix of fewer than 3 characters, nor a part of a name", () => {
    failure(() => findContainerIn(model, cache.id.slice(0, 2), null), "not_found");
    failure(() => findContainerIn(model, "we", null), "not_found");
    failure(() => findContainerIn(model, "web-1", null), "not_found");
  });

  it("answers not_found for a container it does not know, saying it may have just gone", () => {
    const error = failure(() => findContainerIn(model, "gone", null), "not_found");
    expect(error.message).toBe('No container "gone" (it may have just been removed).');
    const onEngine = failure(() => findContainerIn(model, "cache", "lab-a"), "not_found");
    expect(onEngine.message).toBe('No container "cache" on engine lab-a (it may have just been removed).');
  });

  it("answers ambiguous for a name found on two engines, saying how to choose", () => {
    const error = failure(() => findContainerIn(model, "web", null), "ambiguous");
    expect(error.message).toBe(
      '"web" names 2 containers (web on lab-a, web on lab-b): add ?engine= or use engine/web.',
    );
  });

  it("chooses the engine by ?engine= or by engine/reference", () => {
    expect(findContainerIn(model, "web", "lab-b")).toEqual(webB);
    expect(findContainerIn(model, "lab-a/web", null)).toEqual(webA);
    expect(findContainerIn(model, `lab-b/${webB.id.slice(0, 6)}`, null)).toEqual(webB);
    // The engine in the reference wins over ?engine=.
    expect(findContainerIn(model, "lab-a/web", "lab-b")).toEqual(webA);
    failure(() => findContainerIn(model, "lab-c/web", null), "not_found");
  });

  it("answers ambiguous for a prefix several containers share on one engine", () => {
    const twins = ["aaa1", "aaa2"].map((name, i) =>
      containerDto({ name, id: `abc${String(i)}${"0".repeat(60)}` }),
    );
    const m = buildTopology(topologyOf({ engines: [engineDto()], containers: twins }));
    failure(() => findContainerIn(m, "abc", null), "ambiguous");
    expect(findContainerIn(m, "abc1", null)).toEqual(twins[1]);
  });

  it("prefers an exact name to an id prefix", () => {
    const named = containerDto({ name: "abc", id: `f${"1".repeat(63)}` });
    const prefixed = containerDto({ name: "other", id: `abc${"2".repeat(61)}` });
    const m = buildTopology(topologyOf({ engines: [engineDto()], containers: [named, prefixed] }));
    expect(findContainerIn(m, "abc", null)).toEqual(named);
    expect(findContainerIn(m, "abc2", null)).toEqual(prefixed);
  });
});

describe("findNetworkIn", () => {
  it("finds a network by id, name, prefix and engine/name", () => {
    expect(findNetworkIn(model, appA.id, null)).toEqual(appA);
    expect(findNetworkIn(model, appB.id.slice(0, 5), null)).toEqual(appB);
    expect(findNetworkIn(model, "lab-b/app", null)).toEqual(appB);
    expect(findNetworkIn(model, "app", "lab-a")).toEqual(appA);
  });

  it("answers ambiguous for a local network's name on two engines", () => {
    const error = failure(() => findNetworkIn(model, "app", null), "ambiguous");
    expect(error.message).toContain("2 networks (app on lab-a, app on lab-b)");
  });

  it("counts an overlay seen on two engines once, by name, id or prefix", () => {
    for (const ref of ["mesh", "0123456789abcdefghijklmno", "0123"]) {
      expect(findNetworkIn(model, ref, null)).toMatchObject({
        name: "mesh",
        id: "0123456789abcdefghijklmno",
      });
    }
    expect(findNetworkIn(model, "mesh", "lab-b")).toEqual(overlay("lab-b"));
  });

  it("answers not_found for a network it does not know", () => {
    const error = failure(() => findNetworkIn(model, "lab-a/mesh2", null), "not_found");
    expect(error.message).toBe('No network "mesh2" on engine lab-a (it may have just been removed).');
  });
});
