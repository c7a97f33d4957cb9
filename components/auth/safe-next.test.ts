import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeNext("/networks?q=web#top")).toBe("/networks?q=web#top");
    expect(safeNext("/")).toBe("/");
  });

  it("takes the first of repeated parameters", () => {
    expect(safeNext(["/audit", "//evil.example"])).toBe("/audit");
  });

  it.each([
    undefined,
    null,
    "",
    "networks",
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
  ])("sends %j to the map instead", (next) => {
    expect(safeNext(next)).toBe("/");
  });
});
