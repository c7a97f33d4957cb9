// The query strings of GET /api/reach, /api/dns and /api/findings: what each answers (a pair or the matrix,
// a network or a container) and every 400, each naming the field it is about.
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { parseDnsQuery, parseFindingsQuery, parseReachQuery, TIERS } from "./reach-query";

const q = (query: string) => new URLSearchParams(query);

/** The bad_request a parse must throw, checked to name `field`. */
function rejection(fn: () => unknown, field?: string): AppError {
  let thrown: unknown = null;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(AppError);
  const error = thrown as AppError;
  expect(error.code).toBe("bad_request");
  if (field !== undefined) expect(error.fields).toEqual([{ field, message: error.message }]);
  return error;
}

describe("parseReachQuery: a pair", () => {
  it("asks for a pair with from= and to=", () => {
    expect(parseReachQuery(q("from=web&to=api"))).toEqual({
      kind: "pair",
      from: "web",
      to: "api",
      engine: null,
      dest: null,
    });
  });

  it.each([
    ["a full id", "f8900329531a2ace94b601800ccc818ea3fa0acce575c5e5921196ef62f7e06b"],
    ["an id prefix", "f89003"],
    ["an engine and a name", "lab-a/natest-web.1"],
    ["the outside", "outside"],
  ])("takes %s as a party", (_what, ref) => {
    expect(parseReachQuery(q(`from=${encodeURIComponent(ref)}&to=web`))).toMatchObject({
      from: ref,
      to: "web",
    });
    expect(parseReachQuery(q(`from=web&to=${encodeURIComponent(ref)}`))).toMatchObject({
      from: "web",
      to: ref,
    });
  });

  it("takes an engine and, toward the outside, a destination address", () => {
    expect(parseReachQuery(q("from=web&to=outside&engine=lab-a&dest=203.0.113.7"))).toEqual({
      kind: "pair",
      from: "web",
      to: "outside",
      engine: "lab-a",
      dest: "203.0.113.7",
    });
    expect(parseReachQuery(q("from=web&to=outside&dest=2001:db8::7"))).toMatchObject({ dest: "2001:db8::7" });
  });

  it("needs both ends", () => {
    rejection(() => parseReachQuery(q("from=web")), "to");
    rejection(() => parseReachQuery(q("to=web")), "from");
  });

  it.each([
    ["from", "a b"],
    ["from", "../etc"],
    ["from", "-rf"],
    ["to", "web;reboot"],
    ["to", "Engine/web"],
    ["to", "a/b/c"],
    ["to", ""],
  ])("refuses %s=%j", (field, value) => {
    const other = field === "from" ? "to=web" : "from=web";
    rejection(() => parseReachQuery(q(`${other}&${field}=${encodeURIComponent(value)}`)), field);
  });

  it.each([
    "not-an-ip",
    "1.2.3",
    "256.1.1.1",
    "1.2.3.4/32",
    "http://x",
    "::g",
    "cafe",
    "dead",
    "12345",
    "01.02.03.04",
  ])("refuses dest=%j", (dest) => {
    const error = rejection(
      () => parseReachQuery(q(`from=web&to=outside&dest=${encodeURIComponent(dest)}`)),
      "dest",
    );
    expect(error.message).toContain("is not an IP address");
  });

  it("takes dest= only toward the outside", () => {
    const error = rejection(() => parseReachQuery(q("from=web&to=api&dest=203.0.113.7")), "dest");
    expect(error.message).toBe("dest= only goes with to=outside.");
    rejection(() => parseReachQuery(q("dest=203.0.113.7")), "dest");
  });

  it.each(["network=app", "tier=data", "project=shop", "group=off"])(
    "refuses the matrix filter %s",
    (filter) => {
      const field = filter.split("=")[0] ?? "";
      const error = rejection(() => parseReachQuery(q(`from=web&to=api&${filter}`)), field);
      expect(error.message).toContain("does not go with a pair");
    },
  );
});

describe("parseReachQuery: the matrix", () => {
  it("asks for the whole matrix without parameters", () => {
    expect(parseReachQuery(q(""))).toEqual({
      kind: "matrix",
      engine: null,
      network: null,
      tier: null,
      project: null,
      group: "auto",
    });
  });

  it("takes every filter", () => {
    expect(parseReachQuery(q("engine=lab-a&network=natest-app&tier=data&project=shop.v2&group=on"))).toEqual({
      kind: "matrix",
      engine: "lab-a",
      network: "natest-app",
      tier: "data",
      project: "shop.v2",
      group: "on",
    });
  });

  it.each(TIERS)("takes tier=%s", (tier) => {
    expect(parseReachQuery(q(`tier=${tier}`))).toMatchObject({ tier });
  });

  it.each([
    ["tier", "secret"],
    ["tier", "DATA"],
    ["tier", ""],
    ["group", "yes"],
    ["group", ""],
    ["project", "-shop"],
    ["project", "my shop"],
    ["project", "a".repeat(129)],
    ["network", "a b"],
    ["network", "lab/"],
  ])("refuses %s=%j", (field, value) => {
    rejection(() => parseReachQuery(q(`${field}=${encodeURIComponent(value)}`)), field);
  });

  it("takes the longest project name", () => {
    expect(parseReachQuery(q(`project=${"a".repeat(128)}`))).toMatchObject({ project: "a".repeat(128) });
  });
});

describe("parseReachQuery: parameters", () => {
  it("refuses an unknown parameter, naming it and what the route takes", () => {
    const error = rejection(() => parseReachQuery(q("from=web&to=api&port=80")), "port");
    expect(error.message).toBe(
      'Unknown parameter "port": this route takes from, to, engine, dest, network, tier, project, group.',
    );
  });

  it("cuts a long unknown parameter's name", () => {
    const error = rejection(() => parseReachQuery(q(`${"x".repeat(100)}=1`)), "x".repeat(40));
    expect(error.message).not.toContain("x".repeat(41));
  });

  it("refuses a repeated parameter", () => {
    const error = rejection(() => parseReachQuery(q("from=web&to=api&to=db")), "to");
    expect(error.message).toBe('Give "to" once.');
    rejection(() => parseReachQuery(q("tier=data&tier=data")), "tier");
  });

  it("refuses a bad engine id", () => {
    rejection(() => parseReachQuery(q("engine=Lab%20A")), "engine");
    rejection(() => parseReachQuery(q("from=web&to=api&engine=a/b")), "engine");
  });
});

describe("parseDnsQuery", () => {
  it("asks for one network or one container", () => {
    expect(parseDnsQuery(q("network=natest-app"))).toEqual({
      kind: "network",
      ref: "natest-app",
      engine: null,
    });
    expect(parseDnsQuery(q("container=lab-a/web&engine=lab-b"))).toEqual({
      kind: "container",
      ref: "lab-a/web",
      engine: "lab-b",
    });
  });

  it("needs exactly one of network= and container=", () => {
    rejection(() => parseDnsQuery(q("")), "network");
    rejection(() => parseDnsQuery(q("engine=lab-a")), "network");
    rejection(() => parseDnsQuery(q("network=app&container=web")), "container");
  });

  it("refuses a bad reference, an unknown or repeated parameter", () => {
    rejection(() => parseDnsQuery(q("network=a%20b")), "network");
    rejection(() => parseDnsQuery(q("container=%24(id)")), "container");
    rejection(() => parseDnsQuery(q("network=app&from=web")), "from");
    rejection(() => parseDnsQuery(q("network=app&network=db")), "network");
    rejection(() => parseDnsQuery(q("network=app&engine=-x")));
  });
});

describe("parseFindingsQuery", () => {
  it("takes an optional engine", () => {
    expect(parseFindingsQuery(q(""))).toEqual({ engine: null });
    expect(parseFindingsQuery(q("engine=lab-a"))).toEqual({ engine: "lab-a" });
    expect(parseFindingsQuery(q("engine="))).toEqual({ engine: null });
  });

  it("refuses anything else", () => {
    rejection(() => parseFindingsQuery(q("severity=high")), "severity");
    rejection(() => parseFindingsQuery(q("engine=a&engine=b")), "engine");
    rejection(() => parseFindingsQuery(q("engine=%2Fetc")));
  });
});
