// The class channel through its routes, as browsers meet it: an operator publishes, a viewer (and the anonymous
// viewer, when switched on) follows over SSE; a viewer cannot publish; bad and oversized states are refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as events } from "@/app/api/class/events/route";
import { POST as publish } from "@/app/api/class/route";
import type { ClassMessage, ClassState } from "@/lib/api/class";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { call, request, useIdentities } from "@/lib/testing/routes";
import { SseReader } from "@/lib/testing/sse";

const STATE: ClassState = {
  lab: "bridges",
  step: 1,
  selection: null,
  pointer: "container:local:abc",
  focus: true,
  layout: "tiered",
  viewport: null,
  check: null,
};

let ids: TestIdentities;
const open: AbortController[] = [];

beforeEach(async () => {
  ids = await testIdentities();
  useIdentities(ids);
});

afterEach(() => {
  for (const c of open.splice(0)) c.abort();
  delete process.env.NETATLAS_ANONYMOUS_VIEWER;
  ids.cleanup();
});

function follow(as: "viewer" | "nobody"): { reader: SseReader; status: number } {
  const controller = new AbortController();
  open.push(controller);
  const base = request("/api/class/events", { as });
  const response = events(new Request(base, { signal: controller.signal }));
  return { reader: new SseReader(response), status: response.status };
}

describe("/api/class", () => {
  it("sends what an operator publishes to a following viewer", async () => {
    const { reader, status } = follow("viewer");
    expect(status).toBe(200);
    await reader.waitFor((e) => e.event === "idle" || e.event === "state");
    const sent = await call<{ seq: number }>(
      publish,
      "/api/class",
      {},
      { method: "POST", as: "operator", body: STATE },
    );
    expect(sent.status).toBe(200);
    const got = await reader.waitFor(
      (e) => e.event === "state" && (e.data as ClassMessage).seq === sent.body.seq,
    );
    expect(got.data).toMatchObject({
      presenter: expect.any(String),
      state: { pointer: "container:local:abc" },
    });
  });

  it("refuses a viewer's publish (403) and a bad state (400, by field)", async () => {
    const asViewer = await call(publish, "/api/class", {}, { method: "POST", as: "viewer", body: STATE });
    expect(asViewer.status).toBe(403);
    const bad = await call<{ error: { fields: Array<{ field: string }> } }>(
      publish,
      "/api/class",
      {},
      { method: "POST", as: "operator", body: { ...STATE, step: -1 } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f) => f.field)).toEqual(["step"]);
  });

  it("refuses a body over the cap (413)", async () => {
    const positions = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`container:local:${"c".repeat(80)}${i}`, { x: i, y: i }]),
    );
    const big = await call(
      publish,
      "/api/class",
      {},
      { method: "POST", as: "operator", body: { ...STATE, positions } },
    );
    expect(big.status).toBe(413);
  });

  it("counts each follower against the live-stream caps (429 beyond, with Retry-After)", async () => {
    process.env.NETATLAS_MAX_STREAMS_PER_CLIENT = "1";
    try {
      const first = follow("viewer");
      expect(first.status).toBe(200);
      await first.reader.waitFor((e) => e.event === "idle" || e.event === "state");
      const second = events(request("/api/class/events", { as: "viewer" }));
      expect(second.status).toBe(429);
      expect(second.headers.get("Retry-After")).toBe("10");
      expect(await second.text()).toMatch(/NETATLAS_MAX_STREAMS_PER_CLIENT/);
    } finally {
      delete process.env.NETATLAS_MAX_STREAMS_PER_CLIENT;
    }
  });

  it("lets the anonymous viewer follow only when it is switched on", async () => {
    expect(follow("nobody").status).toBe(401);
    process.env.NETATLAS_ANONYMOUS_VIEWER = "1";
    const { reader, status } = follow("nobody");
    expect(status).toBe(200);
    await reader.waitFor((e) => e.event === "idle" || e.event === "state");
  });
});
