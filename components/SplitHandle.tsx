"use client";
// The handle between the side panel's upper part (details, the reach answer, the connect dialog) and the lists
// below it (changes, every element): drag it, or focus it and use the arrow keys, to give either more room.
// The share is kept per browser. useSideSplit gives the upper part's style.
import { useCallback, useEffect, useState } from "react";

const KEY = "netatlas.side-split";
const MIN = 0.15;
const MAX = 0.9;
const clamp = (v: number) => Math.min(MAX, Math.max(MIN, v));

/** The upper part's share of the side panel: null until the user sets one (then: as tall as it needs, to 75 %). */
export function useSideSplit(): [number | null, (share: number) => void, React.CSSProperties] {
  const [share, setShare] = useState<number | null>(null);
  useEffect(() => {
    const saved = Number(localStorage.getItem(KEY));
    if (saved >= MIN && saved <= MAX) setShare(saved);
  }, []);
  const set = useCallback((next: number) => {
    const v = clamp(next);
    setShare(v);
    try {
      localStorage.setItem(KEY, String(v));
    } catch {
      // storage disabled: the split lasts as long as the page
    }
  }, []);
  const style: React.CSSProperties =
    share === null
      ? { maxHeight: "75%" }
      : { height: `${share * 100}%`, maxHeight: `${share * 100}%`, flex: "none" };
  return [share, set, style];
}

export function SplitHandle({ share, onChange }: { share: number | null; onChange(share: number): void }) {
  const current = share ?? 0.5;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable, draggable splitter is a separator with a value, not an <hr>
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize details and lists"
      aria-valuemin={MIN * 100}
      aria-valuemax={MAX * 100}
      aria-valuenow={Math.round(current * 100)}
      tabIndex={0}
      title="Drag to give the details or the lists more room"
      onKeyDown={(event) => {
        if (event.key === "ArrowUp") onChange(current - 0.05);
        else if (event.key === "ArrowDown") onChange(current + 0.05);
        else return;
        event.preventDefault();
      }}
      onPointerDown={(event) => {
        const aside = (event.currentTarget as HTMLElement).parentElement;
        if (!aside) return;
        event.preventDefault();
        const box = aside.getBoundingClientRect();
        const move = (e: PointerEvent) => onChange((e.clientY - box.top) / box.height);
        const up = () => {
          window.removeEventListener("pointermove", move);
          window.removeEventListener("pointerup", up);
        };
        window.addEventListener("pointermove", move);
        window.addEventListener("pointerup", up);
      }}
      className="h-2 shrink-0 cursor-row-resize border-b border-slate-200 bg-slate-100 hover:bg-slate-200 focus:bg-blue-100 focus:outline-none"
    />
  );
}
