// NETATLAS_TIER_LABEL: the label key that names a tier, with a safe fallback for a value that is no label key.
import { describe, expect, it, vi } from "vitest";
import { tierLabelKey } from "./map";

describe("tierLabelKey", () => {
  it("is netatlas.tier unless set", () => {
    expect(tierLabelKey({})).toBe("netatlas.tier");
    expect(tierLabelKey({ NETATLAS_TIER_LABEL: "  " })).toBe("netatlas.tier");
  });

  it("takes a label key as it is", () => {
    expect(tierLabelKey({ NETATLAS_TIER_LABEL: "com.example/tier" })).toBe("com.example/tier");
    expect(tierLabelKey({ NETATLAS_TIER_LABEL: " tier " })).toBe("tier");
  });

  it("falls back, with a warning, for a value that cannot be a label key", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(tierLabelKey({ NETATLAS_TIER_LABEL: "tier name with spaces" })).toBe("netatlas.tier");
    expect(tierLabelKey({ NETATLAS_TIER_LABEL: "=x" })).toBe("netatlas.tier");
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
