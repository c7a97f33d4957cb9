// The output cap: lines handed on as they come, across chunk boundaries, cut once at the limit with one line
// saying so, and the agent's RESULT line kept apart.
import { describe, expect, it } from "vitest";
import { ProbeOutput } from "./output";

describe("ProbeOutput", () => {
  it("splits chunks into lines, drops carriage returns, keeps RESULT apart", () => {
    const shown: string[] = [];
    const out = new ProbeOutput((l) => shown.push(l));
    out.write("PING 1.2");
    out.write('.3.4\r\n64 bytes\nRESULT {"a":1}\ntail');
    out.end();
    expect(shown).toEqual(["PING 1.2.3.4", "64 bytes", "tail"]);
    expect(out.result).toBe('{"a":1}');
    expect(out.text).toBe("PING 1.2.3.4\n64 bytes\ntail");
  });

  it("cuts at the cap and says so once", () => {
    const shown: string[] = [];
    const out = new ProbeOutput((l) => shown.push(l), 2048);
    for (let i = 0; i < 100; i++) out.write(`${"x".repeat(99)}\n`);
    out.end();
    expect(shown.length).toBe(21);
    expect(shown.at(-1)).toMatch(/output cut at 2 KiB/);
    expect(out.wasCut).toBe(true);
  });

  it("a line that never ends is cut too", () => {
    const shown: string[] = [];
    const out = new ProbeOutput((l) => shown.push(l), 1024);
    out.write("y".repeat(5000));
    out.end();
    expect(shown).toEqual(["… output cut at 1 KiB (the probe goes on)"]);
  });
});
