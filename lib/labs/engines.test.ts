// Which engine(s) a lab runs on, from a topology built by hand: a one-engine lab on the engine asked for or the
// first; a swarm lab on a manager with a ready worker that is configured here too, and a 409 that says what is
// missing otherwise (no manager, no worker, a worker down or drained, a worker not configured, a worker asked for).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import type { TopologyDto } from "@/lib/api/types";
import type { EngineConfig } from "@/lib/docker/config";
import { engineDto, swarmNodeDto, topologyOf } from "@/lib/testing/topology-builders";
import { chooseEngines, enginesOf, runnable } from "./engines";

const config = (id: string): EngineConfig => ({
  id,
  host: `unix:///run/netatlas-lab/${id}/docker.sock`,
  tlsVerify: false,
  certPath: null,
  sshPath: null,
  source: "env",
});
const A = config("a");
const B = config("b");
const OLD = config("old");

const managerNode = swarmNodeDto({ engine: "a", hostname: "host-a", role: "manager", leader: true });
const workerNode = swarmNodeDto({ engine: "a", hostname: "host-b" });

/** Engine a manages a swarm whose worker is engine b (as the lab hosts are); old is alone. */
function swarmTopology(worker: Partial<typeof workerNode> = {}): TopologyDto {
  return topologyOf({
    engines: [
      engineDto({
        id: "a",
        swarm: {
          state: "active",
          nodeId: managerNode.id,
          isManager: true,
          cluster: "c1",
          nodeAddress: "10.0.0.1",
        },
      }),
      engineDto({
        id: "b",
        swarm: {
          state: "active",
          nodeId: workerNode.id,
          isManager: false,
          cluster: null,
          nodeAddress: "10.0.0.2",
        },
      }),
      engineDto({ id: "old" }),
    ],
    nodes: [managerNode, { ...workerNode, ...worker }],
  });
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("a one-engine lab", () => {
  it("runs on the engine asked for, else on the first configured", () => {
    expect(chooseEngines("one-engine", [A, B, OLD], null, "old")).toEqual({ manager: OLD, worker: null });
    expect(chooseEngines("one-engine", [A, B, OLD], null, null)).toEqual({ manager: A, worker: null });
  });

  it("answers 404 for an engine that is not configured, and 409 with none at all", () => {
    const unknown = refusal(() => chooseEngines("one-engine", [A, OLD], null, "zz"));
    expect(unknown.code).toBe("not_found");
    expect(unknown.message).toContain("known: a, old");
    expect(refusal(() => chooseEngines("one-engine", [], null, null)).code).toBe("conflict");
  });
});

describe("a swarm lab", () => {
  it("runs on the manager, with its ready worker's own engine for `on: worker`", () => {
    const chosen = chooseEngines("swarm", [OLD, A, B], swarmTopology(), null);
    expect(chosen).toEqual({ manager: A, worker: B });
    expect(enginesOf(chosen).map((e) => e.id)).toEqual(["a", "b"]);
    expect(chooseEngines("swarm", [OLD, A, B], swarmTopology(), "a")).toEqual({ manager: A, worker: B });
  });

  it("is refused (409) when the worker is not configured here, saying so", () => {
    const err = refusal(() => chooseEngines("swarm", [A, OLD], swarmTopology(), null));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain("host-b");
    expect(err.message).toContain("is configured here");
  });

  it("is refused when the worker is down or drained, naming its state", () => {
    const down = refusal(() => chooseEngines("swarm", [A, B], swarmTopology({ state: "down" }), null));
    expect(down.message).toContain("host-b: down, active");
    const drained = refusal(() =>
      chooseEngines("swarm", [A, B], swarmTopology({ availability: "drain" }), null),
    );
    expect(drained.message).toContain("host-b: ready, drain");
  });

  it("is refused when no engine manages a swarm, or the manager has no worker", () => {
    const alone = topologyOf({ engines: [engineDto({ id: "old" })] });
    expect(refusal(() => chooseEngines("swarm", [OLD], alone, null)).message).toContain(
      "no configured engine is an active swarm manager",
    );
    const lonely = { ...swarmTopology(), nodes: [managerNode] };
    expect(refusal(() => chooseEngines("swarm", [A, B], lonely, null)).message).toContain(
      "swarm manager a has no worker",
    );
  });

  it("is refused on an engine asked for that is a worker or alone, and 404 on an unknown one", () => {
    const asWorker = refusal(() => chooseEngines("swarm", [A, B, OLD], swarmTopology(), "b"));
    expect(asWorker.code).toBe("conflict");
    expect(asWorker.message).toContain("b is a worker of swarm manager a");
    expect(refusal(() => chooseEngines("swarm", [A, B, OLD], swarmTopology(), "old")).message).toContain(
      "old is not an active swarm manager",
    );
    expect(refusal(() => chooseEngines("swarm", [A, B], swarmTopology(), "zz")).code).toBe("not_found");
  });

  it("skips a manager that is unreachable", () => {
    const t = swarmTopology();
    const unreachable = {
      ...t,
      engines: t.engines.map((e) => (e.id === "a" ? { ...e, status: "unreachable" as const } : e)),
    };
    expect(refusal(() => chooseEngines("swarm", [A, B], unreachable, null)).code).toBe("conflict");
  });
});

describe("runnable", () => {
  it("says why a lab cannot run here, in the refusal's words", () => {
    expect(runnable({ needs: "swarm" }, [A, B], swarmTopology(), true)).toEqual({
      runnable: true,
      why: null,
    });
    const noWorker = runnable({ needs: "swarm" }, [A], swarmTopology(), true);
    expect(noWorker.runnable).toBe(false);
    expect(noWorker.why).toContain("host-b");
    const noCli = runnable({ needs: "one-engine" }, [A], null, false);
    expect(noCli).toEqual({ runnable: false, why: expect.stringContaining("docker CLI") });
  });
});
