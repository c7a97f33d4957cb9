import { describe, expect, it } from "vitest";
import { PASSWORD_MIN } from "@/lib/api/auth";
import { passwordLengthHint } from "./password-hint";

describe("passwordLengthHint", () => {
  it("says the rule up front, before anything is typed", () => {
    expect(passwordLengthHint(0)).toBe(`At least ${PASSWORD_MIN} characters.`);
  });

  it("counts down while the password is too short", () => {
    expect(passwordLengthHint(1, 12)).toBe("At least 12 characters: 11 more to go.");
    expect(passwordLengthHint(11, 12)).toBe("At least 12 characters: 1 more to go.");
  });

  it("says when it is long enough, from exactly the minimum", () => {
    expect(passwordLengthHint(12, 12)).toBe("At least 12 characters: 12, long enough.");
    expect(passwordLengthHint(30, 12)).toBe("At least 12 characters: 30, long enough.");
  });

  it("uses the server's own minimum by default", () => {
    expect(passwordLengthHint(PASSWORD_MIN - 1)).toContain("1 more to go");
    expect(passwordLengthHint(PASSWORD_MIN)).toContain("long enough");
  });
});
