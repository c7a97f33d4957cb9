// The CSV export: RFC 4180 with every cell quoted, spreadsheet formula injection defused at the start of a cell
// and after every character a spreadsheet may split on (, ; tab CR LF: a ";" locale ignores our quotes), objects
// as JSON, and the stream read to the end (header, one line per entry, in the order given, across the 500-line
// batches) and its cancellation reaching the source.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntryDto } from "@/lib/api/auth";
import { iterateAudit, recordAudit } from "./audit";
import { auditCsvStream, csvCell, csvLine } from "./audit-csv";
import { store } from "./db";

const HEADER = "id,time,actor,via,address,action,target,params,result,status,error";
const HEADER_LINE = `${HEADER.split(",")
  .map((c) => `"${c}"`)
  .join(",")}\r\n`;

/** Characters a spreadsheet may split a line on, whatever the locale or import settings, quotes or not. */
const SPLITS = /[,;\t\r\n]/;

/**
 * Every piece such a spreadsheet could make of the raw text, as it would see its start (spaces and double
 * quotes dropped): none may start like a formula.
 */
function formulaPieces(text: string): string[] {
  return text
    .split(SPLITS)
    .map((piece) => piece.replace(/^[ "]+/, ""))
    .filter((piece) => /^[=+\-@]/.test(piece));
}

/** A cell's text as written, less the apostrophes put before a formula sign (exact for text without them). */
const unneutralised = (cell: string) => cell.replace(/(?<=^|[,;\t\r\n])'(?=[ "]*[=+\-@\t\r])/g, "");

/** Cells an attacker could get into the log (an actor, a target, an error, a parameter). */
const HOSTILE_CELLS = [
  "=cmd|' /C calc'!A0",
  "a;=cmd|' /C calc'!A0",
  "x,+1",
  "x;-2+3",
  "a; =1",
  'a;"=1',
  "\t=1",
  "a\t=1",
  "foo\n@SUM(1)",
  "foo\r\n=1",
  "foo\r=1",
  "\r=1",
  "a,\t=1",
  '=HYPERLINK("http://evil")',
  "-",
  "@",
  ";;=1;+2",
  "a,b;c",
];

function dto(over: Partial<AuditEntryDto> = {}): AuditEntryDto {
  return {
    id: 1,
    time: "2026-06-01T12:00:00.000Z",
    actor: "alice",
    via: "session",
    address: "10.0.0.1",
    action: "network.create",
    target: "network web",
    params: { name: "web" },
    result: "ok",
    status: 201,
    error: null,
    ...over,
  };
}

/**
 * Parses RFC 4180 text (quoted cells may hold commas, quotes and line breaks) into rows of cells: an
 * independent reader, so the tests check the CSV round-trips rather than restating the writer.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length) throw new Error("the text does not end with CRLF");
  return rows;
}

describe("csvCell", () => {
  it("quotes every cell, and writes null or undefined as an empty one", () => {
    expect(csvCell("network web")).toBe('"network web"');
    expect(csvCell("")).toBe('""');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(201)).toBe('"201"');
    expect(csvCell(true)).toBe('"true"');
  });

  it("doubles the quotes and keeps commas and line breaks inside the quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvCell('"')).toBe('""""');
  });

  it("prefixes an apostrophe to a cell a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("=1+1")).toBe('"\'=1+1"');
    expect(csvCell("+1")).toBe('"\'+1"');
    expect(csvCell("-2+3")).toBe('"\'-2+3"');
    expect(csvCell("@SUM(A1)")).toBe('"\'@SUM(A1)"');
    expect(csvCell("\r=1")).toBe("\"'\r'=1\"");
    expect(csvCell(" =1")).toBe('"\' =1"');
    // Elsewhere than at the start of a piece the characters are harmless.
    expect(csvCell("a=b")).toBe('"a=b"');
    expect(csvCell("user@example")).toBe('"user@example"');
    expect(csvCell("2026-06-01")).toBe('"2026-06-01"');
  });

  it("does the same after every character a spreadsheet may split on: , ; tab CR LF", () => {
    expect(csvCell("a;=cmd|' /C calc'!A0")).toBe("\"a;'=cmd|' /C calc'!A0\"");
    expect(csvCell("x,+1")).toBe('"x,\'+1"');
    expect(csvCell("\t=1")).toBe("\"'\t'=1\"");
    expect(csvCell("foo\n@SUM(1)")).toBe('"foo\n\'@SUM(1)"');
    expect(csvCell("foo\r\n-1")).toBe('"foo\r\n\'-1"');
    expect(csvCell("a; =1")).toBe('"a;\' =1"');
    expect(csvCell('a;"=1')).toBe('"a;\'""=1"');
    expect(csvCell({ note: "x;=1" })).toBe('"{""note"":""x;\'=1""}"');
  });

  it.each(HOSTILE_CELLS)("leaves no piece of %j that starts like a formula, and reads back", (text) => {
    const cell = csvCell(text);
    expect(formulaPieces(cell)).toEqual([]);
    const [[read]] = parseCsv(`${cell}\r\n`) as [[string]];
    expect(unneutralised(read)).toBe(text);
  });

  it("is what the check needs: the same text with the old rule (quote only when needed) leaves formulas", () => {
    expect(formulaPieces('"a;=cmd"')).toEqual(['=cmd"']);
    expect(formulaPieces("x,+1")).toEqual(["+1"]);
    expect(formulaPieces('"foo\n@SUM(1)"')).toEqual(['@SUM(1)"']);
  });

  it("writes objects and arrays as JSON, quoted", () => {
    expect(csvCell({ name: "web", driver: "bridge" })).toBe('"{""name"":""web"",""driver"":""bridge""}"');
    expect(csvCell({})).toBe('"{}"');
    expect(csvCell(["a"])).toBe('"[""a""]"');
  });
});

describe("csvLine", () => {
  it("writes the columns in header order and ends with CRLF", () => {
    const line = csvLine(dto({ error: "in use, by a" }));
    expect(line.endsWith("\r\n")).toBe(true);
    expect(parseCsv(line)).toEqual([
      [
        "1",
        "2026-06-01T12:00:00.000Z",
        "alice",
        "session",
        "10.0.0.1",
        "network.create",
        "network web",
        '{"name":"web"}',
        "ok",
        "201",
        "in use, by a",
      ],
    ]);
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("auditCsvStream", () => {
  it("sends only the header for no entries", async () => {
    expect(await readAll(auditCsvStream([]))).toBe(HEADER_LINE);
  });

  it("sends the header and one line per entry, in order, surviving awkward cells", async () => {
    const entries = [
      dto({ id: 3, actor: "=cmd|' /C calc'!A0", target: "a,b\nc" }),
      dto({ id: 2, params: { note: 'quote " here' }, error: "Docker: conflict" }),
      dto({ id: 1, actor: "-", via: "none" }),
    ];
    const rows = parseCsv(await readAll(auditCsvStream(entries)));
    expect(rows[0]?.join(",")).toBe(HEADER);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["3", "2", "1"]);
    expect(rows[1]?.[2]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[1]?.[6]).toBe("a,b\nc");
    expect(JSON.parse(rows[2]?.[7] ?? "")).toEqual({ note: 'quote " here' });
    expect(rows[2]?.[10]).toBe("Docker: conflict");
    expect(rows[3]?.[2]).toBe("'-");
    for (const row of rows) expect(row).toHaveLength(11);
  });

  it("quotes the header and every cell, and no line holds a piece that starts like a formula", async () => {
    const entries = HOSTILE_CELLS.map((text, i) =>
      dto({ id: i + 1, actor: text, target: text, params: { note: text }, error: text }),
    );
    const text = await readAll(auditCsvStream(entries));
    expect(text.startsWith(HEADER_LINE)).toBe(true);
    expect(formulaPieces(text)).toEqual([]);
    const rows = parseCsv(text);
    expect(rows[0]?.join(",")).toBe(HEADER);
    expect(rows).toHaveLength(HOSTILE_CELLS.length + 1);
    rows.slice(1).forEach((row, i) => {
      const original = HOSTILE_CELLS[i];
      expect(row).toHaveLength(11);
      expect([row[2], row[6], row[10]].map((c) => unneutralised(c ?? ""))).toEqual([
        original,
        original,
        original,
      ]);
      expect(JSON.parse(unneutralised(row[7] ?? ""))).toEqual({ note: original });
    });
  });

  it("streams more entries than one batch", async () => {
    const n = 1201;
    const entries = Array.from({ length: n }, (_, i) => dto({ id: n - i, target: `t${n - i}` }));
    const rows = parseCsv(await readAll(auditCsvStream(entries)));
    expect(rows).toHaveLength(n + 1);
    expect(rows.slice(1).map((r) => r[6])).toEqual(entries.map((e) => e.target));
  });

  it("closes the source when the reader cancels", async () => {
    let closed = false;
    function* source(): Generator<AuditEntryDto> {
      try {
        for (let i = 0; ; i++) yield dto({ id: i });
      } finally {
        closed = true;
      }
    }
    const reader = auditCsvStream(source()).getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toBe(HEADER_LINE);
    const batch = await reader.read();
    expect(new TextDecoder().decode(batch.value).split("\r\n").length - 1).toBe(500);
    await reader.cancel();
    expect(closed).toBe(true);
  });

  describe("with the audit log", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-audit-csv-"));
      process.env.NETATLAS_DATA_DIR = dir;
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      delete process.env.NETATLAS_DATA_DIR;
    });

    it("exports every recorded entry, newest first, secrets redacted", async () => {
      store().db.transaction(() => {
        for (let i = 0; i < 700; i++) {
          recordAudit({
            actor: i === 699 ? "@evil" : "alice",
            via: "session",
            address: "10.0.0.1",
            action: "network.create",
            target: `network n${i}`,
            params: { name: `n${i}`, password: "hunter2-hunter2" },
            result: "ok",
            status: 201,
          });
        }
      })();
      const text = await readAll(auditCsvStream(iterateAudit({})));
      expect(text).not.toContain("hunter2");
      const rows = parseCsv(text);
      expect(rows).toHaveLength(701);
      expect(rows[1]?.[6]).toBe("network n699");
      expect(rows[1]?.[2]).toBe("'@evil");
      expect(rows[700]?.[6]).toBe("network n0");
      expect(JSON.parse(rows[700]?.[7] ?? "")).toEqual({ name: "n0", password: "[redacted]" });
    });
  });
});
