// compareApiVersions and reportsDnsNames: API versions compared as numbers, not as text.
import { describe, expect, it } from "vitest";
import { loadFixture } from "@/lib/testing/fixtures";
import { compareApiVersions, MAX_API_VERSION, MIN_API_VERSION, reportsDnsNames } from "./versions";

describe("compareApiVersions", () => {
  it("compares minor versions numerically", () => {
    expect(compareApiVersions("1.9", "1.41")).toBeLessThan(0);
    expect(compareApiVersions("1.45", "1.41")).toBeGreaterThan(0);
    expect(compareApiVersions("1.41", "1.41")).toBe(0);
  });

  it("compares the major version first", () => {
    expect(compareApiVersions("2.0", "1.99")).toBeGreaterThan(0);
  });

  it("spans 1.41 to 1.45, the two recorded engines", () => {
    expect(compareApiVersions(MIN_API_VERSION, MAX_API_VERSION)).toBeLessThan(0);
    expect(loadFixture("20.10").apiVersion).toBe(MIN_API_VERSION);
    expect(loadFixture("26.1").apiVersion).toBe(MAX_API_VERSION);
  });
});

describe("reportsDnsNames", () => {
  it("is true from API 1.44 on", () => {
    expect(reportsDnsNames("1.41")).toBe(false);
    expect(reportsDnsNames("1.43")).toBe(false);
    expect(reportsDnsNames("1.44")).toBe(true);
    expect(reportsDnsNames("1.45")).toBe(true);
  });
});
