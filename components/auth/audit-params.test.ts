import { describe, expect, it } from "vitest";
import { auditSearch, readAuditParams } from "./audit-params";

describe("readAuditParams", () => {
  it("reads filters and paging, ignoring empty boxes and unknown keys", () => {
    const p = readAuditParams({
      actor: "admin",
      action: "",
      result: "denied",
      from: "2026-11-27",
      offset: "100",
      q: "ignored",
    });
    expect(p.problems).toEqual([]);
    expect(p.filter).toEqual({ actor: "admin", result: "denied", from: Date.parse("2026-11-27") });
    expect(p.limit).toBe(100);
    expect(p.offset).toBe(100);
    expect(p.raw).toEqual({ actor: "admin", result: "denied", from: "2026-11-27", offset: "100" });
  });

  it("names the box of each problem and falls back to the whole log", () => {
    const p = readAuditParams({ from: "yesterday-ish", result: "maybe" });
    expect(p.filter).toEqual({});
    expect(p.offset).toBe(0);
    expect(p.problems).toHaveLength(2);
    expect(p.problems.some((m) => m.startsWith("From: "))).toBe(true);
    expect(p.problems.some((m) => m.startsWith("Result: "))).toBe(true);
  });
});

describe("auditSearch", () => {
  it("keeps the filters, drops paging unless asked, and encodes values", () => {
    expect(auditSearch({ target: "a b&c", offset: "100", limit: "50" }, { format: "csv" })).toBe(
      "target=a+b%26c&format=csv",
    );
  });
});
