"use client";
// A sortable, filterable table: the networks and containers pages are both this with their own columns.
import { type ReactNode, useMemo, useState } from "react";

export interface Column<T> {
  key: string;
  header: string;
  /** The value sorted and filtered on. */
  value(row: T): string | number | boolean;
  render?(row: T): ReactNode;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey(row: T): string;
  label: string;
  initialFilter?: string;
}

export function DataTable<T>({ rows, columns, rowKey, label, initialFilter = "" }: Props<T>) {
  const [filter, setFilter] = useState(initialFilter);
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: columns[0]?.key ?? "", dir: 1 });

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const column = columns.find((c) => c.key === sort.key);
    const filtered = needle
      ? rows.filter((r) => columns.some((c) => String(c.value(r)).toLowerCase().includes(needle)))
      : rows;
    if (!column) return filtered;
    return [...filtered].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order =
        typeof x === "number" && typeof y === "number"
          ? x - y
          : String(x).localeCompare(String(y), undefined, { numeric: true });
      return order * sort.dir;
    });
  }, [rows, columns, filter, sort]);

  function changeFilter(value: string) {
    setFilter(value);
    const url = new URL(window.location.href);
    if (value) url.searchParams.set("q", value);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
        <input
          type="search"
          value={filter}
          onChange={(e) => changeFilter(e.target.value)}
          placeholder="Filter…"
          aria-label={`Filter ${label}`}
          className="w-72 rounded border border-slate-300 px-2 py-1 text-sm"
        />
        <span className="text-sm text-slate-500" aria-live="polite">
          {shown.length} of {rows.length} {label}
        </span>
      </div>
      <table className="w-full border-collapse bg-white text-sm" aria-label={label}>
        <thead>
          <tr className="border-b border-slate-200 text-left">
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"}
                className="px-2 py-1.5 font-medium"
              >
                <button
                  type="button"
                  className="hover:underline"
                  onClick={() =>
                    setSort((s) => ({ key: c.key, dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : 1 }))
                  }
                >
                  {c.header}
                  {sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={rowKey(row)} className="border-b border-slate-100 hover:bg-slate-50">
              {columns.map((c) => (
                <td key={c.key} className="px-2 py-1 align-top">
                  {c.render ? c.render(row) : String(c.value(row))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">
          No {label} match “{filter}”.
        </p>
      ) : null}
    </div>
  );
}
