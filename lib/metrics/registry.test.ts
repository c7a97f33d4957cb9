// The registry and the text writer, read back with an independent parser (parse-prometheus-text-format).
import parse from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { escapeLabelValue, Registry, writeText } from "./registry";

describe("writeText", () => {
  it("writes HELP, TYPE and samples of counters, gauges and histograms that parse back", () => {
    const r = new Registry();
    r.counter("netatlas_test_total", "Things.", ["kind"]).inc({ kind: "a" }, 2);
    r.counter("netatlas_test_total", "Things.", ["kind"]).inc({ kind: "b" });
    r.gauge("netatlas_test_open", "Open now.").set({}, 7);
    // The parser flattens the series of a labelled histogram into one (its limit), so this one has no labels;
    // the labelled ones are checked line by line below.
    const h = r.histogram("netatlas_test_seconds", "Durations.", [], [0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe({}, v);
    const text = writeText(r.collect());
    expect(text).toContain("# HELP netatlas_test_total Things.\n# TYPE netatlas_test_total counter\n");
    expect(text).toContain('netatlas_test_seconds_bucket{le="0.1"} 2\n');
    expect(text.endsWith("\n")).toBe(true);
    const parsed = parse(text);
    expect(parsed.map((f) => [f.name, f.type])).toEqual([
      ["netatlas_test_total", "COUNTER"],
      ["netatlas_test_open", "GAUGE"],
      ["netatlas_test_seconds", "HISTOGRAM"],
    ]);
    expect(parsed[0]?.metrics).toEqual([
      { value: "2", labels: { kind: "a" } },
      { value: "1", labels: { kind: "b" } },
    ]);
    expect(parsed[2]?.metrics[0]).toEqual({
      buckets: { "0.1": "2", "1": "3", "+Inf": "4" },
      count: "4",
      sum: "3.65",
    });
  });

  it("writes a labelled histogram as cumulative buckets per series, then its sum and count", () => {
    const r = new Registry();
    const h = r.histogram("netatlas_test_seconds", "Durations.", ["op"], [1, 0.1]);
    h.observe({ op: "a" }, 0.05);
    h.observe({ op: "b" }, 2);
    h.observe({ op: "a" }, 0.5);
    const lines = writeText(r.collect()).trim().split("\n");
    expect(lines.slice(2)).toEqual([
      'netatlas_test_seconds_bucket{op="a",le="0.1"} 1',
      'netatlas_test_seconds_bucket{op="a",le="1"} 2',
      'netatlas_test_seconds_bucket{op="a",le="+Inf"} 2',
      'netatlas_test_seconds_sum{op="a"} 0.55',
      'netatlas_test_seconds_count{op="a"} 2',
      'netatlas_test_seconds_bucket{op="b",le="0.1"} 0',
      'netatlas_test_seconds_bucket{op="b",le="1"} 0',
      'netatlas_test_seconds_bucket{op="b",le="+Inf"} 1',
      'netatlas_test_seconds_sum{op="b"} 2',
      'netatlas_test_seconds_count{op="b"} 1',
    ]);
    expect(parse(lines.join("\n"))[0]?.type).toBe("HISTOGRAM");
  });

  it("escapes backslashes, double quotes and line feeds in label values, and HELP text", () => {
    const nasty = 'C:\\dir "quoted"\nnext line } , =';
    const r = new Registry();
    r.counter("netatlas_test_total", "Help with \\ and\na line feed.", ["v"]).inc({ v: nasty });
    const text = writeText(r.collect());
    expect(text).toContain(`{v="${escapeLabelValue(nasty)}"}`);
    expect(escapeLabelValue(nasty)).toBe('C:\\\\dir \\"quoted\\"\\nnext line } , =');
    expect(text.split("\n")).toHaveLength(4);
    const [family] = parse(text);
    expect(family?.metrics[0]?.labels?.v).toBe(nasty);
    expect(family?.help).toBe("Help with \\ and\na line feed.");
  });

  it("writes special values and families without samples", () => {
    const text = writeText([
      { name: "a_g", help: "x", type: "gauge", samples: [{ suffix: "", labels: {}, value: Number.NaN }] },
      { name: "b_g", help: "y", type: "gauge", samples: [] },
      { name: "c_g", help: "z", type: "gauge", samples: [{ suffix: "", labels: {}, value: Infinity }] },
    ]);
    expect(text).toBe(
      "# HELP a_g x\n# TYPE a_g gauge\na_g NaN\n# HELP b_g y\n# TYPE b_g gauge\n# HELP c_g z\n# TYPE c_g gauge\nc_g +Inf\n",
    );
    expect(parse(text).map((f) => f.name)).toEqual(["a_g", "b_g", "c_g"]);
  });

  it("refuses a family written twice, bad names, and a counter going down", () => {
    const f = { name: "x_total", help: "", type: "counter" as const, samples: [] };
    expect(() => writeText([f, f])).toThrow(/twice/);
    expect(() => new Registry().counter("bad-name", "")).toThrow(/not valid/);
    expect(() => new Registry().counter("ok_total", "", ["le"])).toThrow(/not valid/);
    expect(() => new Registry().counter("ok_total", "").inc({}, -1)).toThrow(/only goes up/);
    const r = new Registry();
    r.counter("same", "");
    expect(() => r.gauge("same", "")).toThrow(/another type/);
  });

  it("keeps a label not given as an empty value and ignores non-finite observations", () => {
    const r = new Registry();
    const c = r.counter("n_total", "", ["a", "b"]);
    c.inc({ a: "1" });
    expect(c.get({ a: "1", b: "" })).toBe(1);
    const h = r.histogram("h_seconds", "", [], [1]);
    h.observe({}, Number.NaN);
    expect(r.collect()[1]?.samples).toEqual([]);
  });
});
