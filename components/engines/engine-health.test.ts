// How an engine's health reads on /engines and the map, with a fixed clock.
import { describe, expect, it } from "vitest";
import type { EngineHealthDto } from "@/lib/api/engines";
import { ago, healthSentence, healthWord, lagText } from "./engine-health";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const earlier = (ms: number) => new Date(NOW - ms).toISOString();

function health(over: Partial<EngineHealthDto>): EngineHealthDto {
  return {
    state: "live",
    since: null,
    lastEventAt: null,
    lagMs: null,
    reconnects: 0,
    version: null,
    apiVersion: null,
    os: null,
    swarmRole: null,
    error: null,
    ...over,
  };
}

describe("ago", () => {
  it("seconds, minutes, hours and days, rounded down past the first minute", () => {
    expect(ago(null, NOW)).toBeNull();
    expect(ago(earlier(0), NOW)).toBe("0 s ago");
    expect(ago(earlier(59_400), NOW)).toBe("59 s ago");
    expect(ago(earlier(60_000), NOW)).toBe("1 min ago");
    expect(ago(earlier(59 * 60_000 + 59_000), NOW)).toBe("59 min ago");
    expect(ago(earlier(3_600_000), NOW)).toBe("1 h ago");
    expect(ago(earlier(23 * 3_600_000 + 3_599_000), NOW)).toBe("23 h ago");
    expect(ago(earlier(86_400_000), NOW)).toBe("1 d ago");
    expect(ago(earlier(40 * 86_400_000), NOW)).toBe("40 d ago");
  });

  it("a time slightly ahead of our clock (another host's) reads as now, not negative", () => {
    expect(ago(new Date(NOW + 5_000).toISOString(), NOW)).toBe("0 s ago");
  });
});

describe("lagText", () => {
  it("milliseconds under a second, then seconds with one decimal", () => {
    expect(lagText(null)).toBeNull();
    expect(lagText(0)).toBe("0 ms");
    expect(lagText(999)).toBe("999 ms");
    expect(lagText(1000)).toBe("1.0 s");
    expect(lagText(12_345)).toBe("12.3 s");
  });
});

describe("healthWord", () => {
  it("one word and tone per state; idle reads as not followed", () => {
    expect(healthWord(health({ state: "live" }))).toEqual({ word: "Up", tone: "live" });
    expect(healthWord(health({ state: "connecting" }))).toEqual({ word: "Connecting", tone: "connecting" });
    expect(healthWord(health({ state: "down" }))).toEqual({ word: "Down", tone: "down" });
    expect(healthWord(health({ state: "idle" }))).toEqual({ word: "Not followed", tone: "idle" });
  });
});

describe("healthSentence", () => {
  // The clock time is shown in the reader's locale and zone; the part after it is ours.
  const since = earlier(5 * 60_000);
  const clock = new Date(since).toLocaleTimeString();

  it("up since when, or just up", () => {
    expect(healthSentence(health({ state: "live", since }), NOW)).toBe(`Up since ${clock} (5 min ago)`);
    expect(healthSentence(health({ state: "live" }), NOW)).toBe("Up");
  });

  it("down since when, with the error's message when there is one", () => {
    const error = {
      code: "engine_unreachable" as const,
      message: "Cannot reach the engine.",
      detail: "connect ECONNREFUSED",
    };
    expect(healthSentence(health({ state: "down", since, error }), NOW)).toBe(
      `Down since ${clock} (5 min ago): Cannot reach the engine.`,
    );
    expect(healthSentence(health({ state: "down", since }), NOW)).toBe(`Down since ${clock} (5 min ago)`);
    expect(healthSentence(health({ state: "down", error }), NOW)).toBe("Down: Cannot reach the engine.");
    expect(healthSentence(health({ state: "down" }), NOW)).toBe("Down");
  });

  it("connecting, and idle says why nothing is followed", () => {
    expect(healthSentence(health({ state: "connecting", since }), NOW)).toBe("Connecting…");
    expect(healthSentence(health({ state: "idle" }), NOW)).toBe(
      "The server is not following Docker right now (it follows only while a page is open).",
    );
  });
});
