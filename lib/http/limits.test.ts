import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/guard";
import { chargeListing, limits, openStreamSlot, principalKey, withProcessSlot } from "./limits";

function principal(kind: Principal["kind"], extra: Partial<Principal> = {}): Principal {
  return {
    kind,
    user: kind === "anonymous" ? null : ({ id: 7, username: "u", role: "viewer" } as Principal["user"]),
    role: "viewer",
    sessionId: kind === "session" ? "s1" : null,
    tokenId: kind === "token" ? 3 : null,
    expiresAt: null,
    address: "192.0.2.1",
    ...extra,
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("limits", () => {
  it("has the documented defaults and reads the environment, ignoring nonsense", () => {
    expect(limits()).toMatchObject({ streamsPerClient: 20, streams: 500, processes: 16, listingBurst: 60 });
    vi.stubEnv("NETATLAS_MAX_STREAMS_PER_CLIENT", "3");
    vi.stubEnv("NETATLAS_MAX_STREAMS", "-1");
    expect(limits()).toMatchObject({ streamsPerClient: 3, streams: 500 });
  });

  it("counts sessions per user, tokens per token, the anonymous viewer per address (IPv6 per /64)", () => {
    expect(principalKey(principal("session"))).toBe("user:7");
    expect(principalKey(principal("session", { sessionId: "other" }))).toBe("user:7");
    expect(principalKey(principal("token"))).toBe("token:3");
    expect(principalKey(principal("anonymous"))).toBe("address:192.0.2.1");
    const anon = (address: string) => principalKey(principal("anonymous", { address }));
    expect(anon("2001:db8:1:2:aaaa::1")).toBe("address:2001:db8:1:2::/64");
    expect(anon("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).toBe("address:2001:db8:1:2::/64");
    expect(anon("::ffff:192.0.2.1")).toBe("address:192.0.2.1");
  });

  it("refuses a stream beyond the per-client cap with 429 and Retry-After, and frees it on release", () => {
    vi.stubEnv("NETATLAS_MAX_STREAMS_PER_CLIENT", "2");
    const who = principal("anonymous", { address: "198.51.100.9" });
    const a = openStreamSlot(who);
    openStreamSlot(who);
    let refused: unknown;
    try {
      openStreamSlot(who);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "too_many_requests", retryAfter: 10 });
    expect((refused as Error).message).toMatch(/Too many live streams open for you \(2 of 2/);
    a();
    expect(() => openStreamSlot(who)).not.toThrow();
  });

  it("rate-limits listings per principal with a Retry-After in seconds", () => {
    vi.stubEnv("NETATLAS_LISTING_BURST", "2");
    vi.stubEnv("NETATLAS_LISTING_PER_MINUTE", "6");
    const who = principal("token", { tokenId: 99 });
    chargeListing(who, "prune preview");
    chargeListing(who, "prune preview");
    expect(() => chargeListing(who, "prune preview")).toThrow(/Too many prune preview reads/);
    try {
      chargeListing(who, "prune preview");
    } catch (err) {
      expect(err).toMatchObject({ code: "too_many_requests" });
      expect((err as AppError).retryAfter).toBeGreaterThanOrEqual(9);
    }
    expect(() => chargeListing(principal("token", { tokenId: 100 }), "prune preview")).not.toThrow();
  });

  it("runs at most NETATLAS_MAX_PROCESSES at once; a caller that cannot get a slot in time gets 429", async () => {
    vi.stubEnv("NETATLAS_MAX_PROCESSES", "2");
    vi.stubEnv("NETATLAS_PROCESS_WAIT_MS", "50");
    let inside = 0;
    let most = 0;
    const job = () =>
      withProcessSlot(async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 20));
        inside--;
      });
    await Promise.all(Array.from({ length: 6 }, job));
    expect(most).toBe(2);
    const slow = () => withProcessSlot(() => new Promise((r) => setTimeout(r, 200)));
    const results = await Promise.allSettled([slow(), slow(), slow()]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "too_many_requests", retryAfter: 2 });
    expect(refused.reason.message).toMatch(/busy running commands \(host reads, lab steps\): 2 are running/);
  });
});
