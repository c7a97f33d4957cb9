// The sampler's life cycle without any engine configured (no Docker involved; the real engines are in
// app/api/traffic.integration.test.ts): it starts with the first listener, sends the first message with the
// history at once, keeps one sampler for many listeners, and stops after the last one leaves.
import { afterAll, describe, expect, it } from "vitest";
import type { TrafficMessage } from "@/lib/api/traffic";
import { engineConfigs, setEngineConfigs } from "@/lib/docker/client";
import { TrafficSampler } from "./sampler";

const saved = engineConfigs();
afterAll(() => setEngineConfigs(saved));

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe("TrafficSampler", () => {
  it("runs only while someone listens", async () => {
    setEngineConfigs([]);
    const sampler = new TrafficSampler();
    expect(sampler.running).toBe(false);
    const a: TrafficMessage[] = [];
    const b: TrafficMessage[] = [];
    const stopA = sampler.subscribe((m) => a.push(m));
    expect(sampler.running).toBe(true);
    // At once: the current state and the history (empty for a fresh sampler).
    expect(a[0]).toMatchObject({ intervalMs: 0, endpoints: [], history: {} });
    const stopB = sampler.subscribe((m) => b.push(m));
    expect(b).toHaveLength(1);
    expect(await until(() => sampler.samplesTaken >= 1 && a.length >= 2, 5000)).toBe(true);
    // Later messages carry no history, and both listeners get the same samples from the one sampler.
    expect(a[1]?.history).toBeUndefined();
    expect(b.at(-1)).toBe(a.at(-1));
    stopA();
    stopA(); // twice is harmless
    expect(sampler.running).toBe(true);
    stopB();
    expect(await until(() => !sampler.running, 3000)).toBe(true);
    const taken = sampler.samplesTaken;
    await new Promise((r) => setTimeout(r, 2500));
    expect(sampler.samplesTaken).toBe(taken);
    expect(sampler.listenerCount).toBe(0);
  }, 15_000);

  it("keeps running when a listener comes back before the idle stop", async () => {
    setEngineConfigs([]);
    const sampler = new TrafficSampler();
    const stop = sampler.subscribe(() => {});
    stop();
    const again = sampler.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 1500));
    expect(sampler.running).toBe(true);
    again();
    expect(await until(() => !sampler.running, 3000)).toBe(true);
  }, 10_000);
});
