"use client";
// The canvas's own buttons (Fit, Zoom in, Zoom out, Re-layout), the same on the live map and in snapshot mode.
import type { RefObject } from "react";
import type { CanvasHandle } from "./TopologyCanvas";

export function CanvasButtons({ canvas }: { canvas: RefObject<CanvasHandle | null> }) {
  const tools: Array<[string, () => void]> = [
    ["Fit", () => canvas.current?.fit()],
    ["Zoom in", () => canvas.current?.zoom(1.25)],
    ["Zoom out", () => canvas.current?.zoom(0.8)],
    ["Re-layout", () => canvas.current?.relayout()],
  ];
  return tools.map(([label, action]) => (
    <button
      key={label}
      type="button"
      onClick={action}
      className="rounded border border-slate-300 bg-white px-2 py-1 text-xs shadow-sm hover:bg-slate-100"
    >
      {label}
    </button>
  ));
}
