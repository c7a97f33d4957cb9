"use client";
// The reach matrix: rows reach columns, one coloured cell each (with its glyph). Up to TABLE_LIMIT members it is a
// table of buttons (keyboard and screen reader friendly); above, one canvas with the same clicks and a line that
// names the cell under the pointer, so a big matrix stays fast.
import { useEffect, useRef, useState } from "react";
import type { MatrixMemberDto, ReachMatrixDto } from "@/lib/api/reach";
import { CELL_FILL, CELL_VERDICT, VERDICT_LOOK } from "./verdicts";

export interface Cell {
  row: number;
  col: number;
}

interface Props {
  matrix: ReachMatrixDto;
  selected: Cell | null;
  onSelect(cell: Cell): void;
}

export const TABLE_LIMIT = 80;

function memberTitle(m: MatrixMemberDto): string {
  return `${m.label}${
    m.members.length > 1
      ? ` (${m.members.length} containers: ${m.members
          .slice(0, 8)
          .map((x) => x.name)
          .join(", ")}${m.members.length > 8 ? "…" : ""})`
      : ""
  } · ${m.detail}`;
}

function cellWords(matrix: ReachMatrixDto, row: number, col: number): string {
  const code = matrix.cells[row]?.[col] ?? "-";
  const verdict = CELL_VERDICT[code];
  const from = matrix.members[row]?.label ?? "";
  const to = matrix.members[col]?.label ?? "";
  if (!verdict) return `${from} (itself)`;
  return `${from} → ${to}: ${VERDICT_LOOK[verdict].label}`;
}

function Count({ m }: { m: MatrixMemberDto }) {
  return m.members.length > 1 ? (
    <span className="ml-1 rounded bg-slate-200 px-1 text-[10px] font-semibold text-slate-700">
      ×{m.members.length}
    </span>
  ) : null;
}

/** The start most labels share ("example-", "natest-3fa2c1-"), said once instead of in every label. */
export function sharedPrefix(labels: string[]): string {
  if (labels.length < 3) return "";
  let prefix = labels[0] ?? "";
  for (const l of labels) while (prefix && !l.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf("-"), prefix.lastIndexOf("_"), prefix.lastIndexOf("."));
  return cut >= 3 ? prefix.slice(0, cut + 1) : "";
}

function shortLabel(label: string, prefix: string, max = 30): string {
  const rest = prefix && label.startsWith(prefix) ? label.slice(prefix.length) : label;
  return rest.length > max ? `${rest.slice(0, max - 1)}…` : rest;
}

/** Cell size: big enough to read from the back of a classroom when the matrix is small, compact when it is not. */
function cellSize(n: number): { w: number; h: number; font: number } {
  return n <= 12 ? { w: 40, h: 34, font: 14 } : { w: 28, h: 24, font: 12 };
}

/** Height of the column headers: the longest label leaning at 55°, so no empty band sits above short names. */
function headerHeight(labels: string[], font: number): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.min(160, Math.round(12 + longest * font * 0.6 * Math.sin((55 * Math.PI) / 180)));
}

function TableMatrix({ matrix, selected, onSelect }: Props) {
  const { members, cells } = matrix;
  const prefix = sharedPrefix(members.filter((m) => m.key !== "outside").map((m) => m.label));
  const size = cellSize(members.length);
  const columnLabel = (m: MatrixMemberDto) =>
    `${shortLabel(m.label, prefix, 24)}${m.members.length > 1 ? ` ×${m.members.length}` : ""}`;
  const headHeight = headerHeight(members.map(columnLabel), size.font);
  return (
    <table
      className="border-separate border-spacing-0"
      style={{ fontSize: size.font }}
      aria-label="Reach matrix (rows reach columns)"
    >
      <thead>
        <tr>
          <th
            className="sticky left-0 top-0 bg-slate-50 p-1 text-left align-bottom font-normal text-slate-500"
            style={{ zIndex: members.length + 40 }}
          >
            {prefix ? (
              <span className="mb-1 block">
                names start with <span className="font-mono text-slate-700">{prefix}</span>
              </span>
            ) : null}
            from ↓ · to →
          </th>
          {members.map((m, j) => (
            <th
              key={m.key}
              scope="col"
              title={memberTitle(m)}
              // Labels lean right over their neighbours: each column's header sits above the next one's.
              style={{ zIndex: members.length + 20 - j }}
              className={`sticky top-0 bg-slate-50 p-0 align-bottom font-medium ${selected?.col === j ? "text-blue-800" : "text-slate-800"}`}
            >
              <div className="relative" style={{ height: headHeight, width: size.w }}>
                <span
                  className="absolute bottom-1 origin-bottom-left -rotate-[55deg] whitespace-nowrap"
                  style={{ left: size.w / 2 }}
                >
                  {columnLabel(m)}
                </span>
              </div>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {members.map((m, i) => (
          <tr key={m.key}>
            <th
              scope="row"
              title={memberTitle(m)}
              className={`sticky left-0 z-10 max-w-60 truncate bg-slate-50 py-0.5 pr-3 text-left font-medium ${selected?.row === i ? "text-blue-800" : "text-slate-800"}`}
            >
              {shortLabel(m.label, prefix)}
              <Count m={m} />
            </th>
            {members.map((col, j) => {
              const code = cells[i]?.[j] ?? "-";
              const verdict = CELL_VERDICT[code];
              const isSelected = selected?.row === i && selected.col === j;
              return (
                <td key={col.key} className="p-px">
                  <button
                    type="button"
                    aria-label={cellWords(matrix, i, j)}
                    aria-pressed={isSelected}
                    data-cell={`${i},${j}`}
                    data-verdict={verdict ?? "self"}
                    onClick={() => onSelect({ row: i, col: j })}
                    style={{ width: size.w, height: size.h, lineHeight: `${size.h}px` }}
                    className={`block rounded-sm text-center ${verdict ? VERDICT_LOOK[verdict].cell : "bg-white text-slate-300"} ${isSelected ? "outline outline-2 outline-offset-1 outline-blue-700" : ""}`}
                  >
                    {verdict ? VERDICT_LOOK[verdict].glyph : "·"}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const CELL = 12;
const LABEL_W = 220;

function CanvasMatrix({ matrix, selected, onSelect }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Cell | null>(null);
  const n = matrix.members.length;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = (LABEL_W + n * CELL) * ratio;
    el.height = n * CELL * ratio;
    ctx.scale(ratio, ratio);
    ctx.font = "10px ui-sans-serif, system-ui, sans-serif";
    ctx.textBaseline = "middle";
    matrix.members.forEach((m, i) => {
      ctx.fillStyle = selected?.row === i ? "#1e40af" : "#0f172a";
      const text = `${m.label}${m.members.length > 1 ? ` ×${m.members.length}` : ""}`;
      ctx.fillText(text.length > 36 ? `${text.slice(0, 35)}…` : text, 2, i * CELL + CELL / 2);
      const line = matrix.cells[i] ?? "";
      for (let j = 0; j < n; j++) {
        ctx.fillStyle = CELL_FILL[line[j] ?? "-"] ?? "#fff";
        ctx.fillRect(LABEL_W + j * CELL, i * CELL, CELL - 1, CELL - 1);
      }
    });
    if (selected) {
      ctx.strokeStyle = "#1d4ed8";
      ctx.lineWidth = 2;
      ctx.strokeRect(LABEL_W + selected.col * CELL - 1, selected.row * CELL - 1, CELL + 1, CELL + 1);
    }
  }, [matrix, selected, n]);

  const cellAt = (event: React.MouseEvent<HTMLCanvasElement>): Cell | null => {
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.floor((event.clientX - box.left - LABEL_W) / CELL);
    const row = Math.floor((event.clientY - box.top) / CELL);
    return row >= 0 && row < n && col >= 0 && col < n ? { row, col } : null;
  };

  return (
    <div>
      <p className="sticky left-0 top-0 z-10 h-6 bg-white text-xs text-slate-700" aria-live="polite">
        {hover
          ? cellWords(matrix, hover.row, hover.col)
          : `${n} rows × ${n} columns: point at a cell, click it for the answer.`}
      </p>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Reach matrix of ${n} members as a picture; the pair answer beside it is in words`}
        style={{ width: LABEL_W + n * CELL, height: n * CELL }}
        onMouseMove={(e) => setHover(cellAt(e))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const cell = cellAt(e);
          if (cell) onSelect(cell);
        }}
        className="cursor-pointer"
      />
    </div>
  );
}

export function ReachMatrix(props: Props) {
  return props.matrix.members.length <= TABLE_LIMIT ? (
    <TableMatrix {...props} />
  ) : (
    <CanvasMatrix {...props} />
  );
}

export function MatrixLegend() {
  return (
    <ul className="flex flex-wrap items-center gap-3 text-xs" aria-label="Matrix legend">
      {(["yes", "partial", "no", "unknown"] as const).map((v) => (
        <li key={v} className="flex items-center gap-1">
          <span className={`inline-block h-4 w-5 rounded-sm text-center leading-4 ${VERDICT_LOOK[v].cell}`}>
            {VERDICT_LOOK[v].glyph}
          </span>
          {v === "yes"
            ? "reaches"
            : v === "partial"
              ? "only some traffic (ports, protocols) or a frozen target"
              : v === "no"
                ? "cannot reach"
                : "cannot be known from here (the host is not visible)"}
        </li>
      ))}
      <li className="text-slate-500">×N: containers that behave alike, in one row</li>
    </ul>
  );
}
