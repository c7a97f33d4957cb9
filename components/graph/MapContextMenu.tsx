"use client";
// The map's context menu (right click on a node or a connection): the changes that element allows, each
// opening its control in the details panel, where the impact and the docker command are shown first.
import { useEffect, useRef } from "react";
import type { MapIntent } from "../DetailsPanel";

export interface MenuItem {
  label: string;
  intent: MapIntent | null;
}

interface Props {
  title: string;
  items: MenuItem[];
  at: { x: number; y: number };
  onChoose(intent: MapIntent | null): void;
  onClose(): void;
}

export function MapContextMenu({ title, items, at, onChoose, onClose }: Props) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const away = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    window.addEventListener("keydown", away);
    return () => window.removeEventListener("keydown", away);
  }, [onClose]);
  return (
    <div
      role="menu"
      aria-label={title}
      style={{ left: at.x, top: at.y }}
      className="absolute z-10 min-w-48 rounded border border-slate-300 bg-white py-1 text-sm shadow-lg"
    >
      {items.map((item, i) => (
        <button
          key={item.label}
          ref={i === 0 ? first : undefined}
          type="button"
          role="menuitem"
          onClick={() => onChoose(item.intent)}
          className="block w-full px-3 py-1 text-left hover:bg-slate-100 focus:bg-slate-100"
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
