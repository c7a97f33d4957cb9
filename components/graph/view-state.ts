"use client";
// How the person looks at the map: layout, Linux layer on or off, collapsed tier bands, traffic. Kept in the URL
// (so a link or a reload shows the same picture) and in localStorage (so a fresh visit to / does too), except
// Traffic: it costs the server sampling while on, so only a link (?traffic=1) or the switch turns it on.
import { useCallback, useEffect, useState } from "react";
import type { Grouping } from "@/lib/topology/aggregate";
import { isLayoutMode, type LayoutMode } from "./layouts";

export interface MapView {
  layout: LayoutMode;
  linux: boolean;
  collapsed: string[];
  /** Containers drawn as groups: above a threshold (auto), always, or never. */
  grouping: Grouping;
  /** Each endpoint's rate on its edge (GET /api/traffic, sampled only while a page has this on). */
  traffic: boolean;
}

const STORAGE_KEY = "netatlas.view.v1";
const DEFAULT_VIEW: MapView = {
  layout: "fcose",
  linux: false,
  collapsed: [],
  grouping: "auto",
  traffic: false,
};
const isGrouping = (v: unknown): v is Grouping => v === "auto" || v === "on" || v === "off";
const TIERS = new Set(["outside", "public", "internal", "data"]);

function fromParams(params: URLSearchParams, fallback: MapView): MapView {
  const layout = params.get("layout");
  const linux = params.get("linux");
  const collapsed = params.get("collapsed");
  const grouping = params.get("group");
  return {
    traffic: params.get("traffic") === "1",
    grouping: isGrouping(grouping) ? grouping : fallback.grouping,
    layout: isLayoutMode(layout) ? layout : fallback.layout,
    linux: linux === null ? fallback.linux : linux === "1",
    collapsed:
      collapsed === null
        ? fallback.collapsed
        : collapsed
            .split(",")
            .filter((t) => TIERS.has(t))
            .sort(),
  };
}

function stored(): MapView {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as Partial<MapView> | null;
    if (!saved) return DEFAULT_VIEW;
    return {
      layout: isLayoutMode(saved.layout) ? saved.layout : DEFAULT_VIEW.layout,
      linux: saved.linux === true,
      collapsed: Array.isArray(saved.collapsed) ? saved.collapsed.filter((t) => TIERS.has(t)) : [],
      grouping: isGrouping(saved.grouping) ? saved.grouping : DEFAULT_VIEW.grouping,
      traffic: false,
    };
  } catch {
    return DEFAULT_VIEW;
  }
}

/** The positions key of a view: collapsing keeps the picture (members return to where they were). */
export function viewKey(view: MapView): string {
  return view.layout === "fcose" && !view.linux ? "" : `${view.layout}${view.linux ? "+linux" : ""}`;
}

export function useMapView(): [MapView | null, (change: Partial<MapView>) => void] {
  // Read after mounting: the server renders without a URL's view, the first client render must match it.
  const [view, setView] = useState<MapView | null>(null);
  useEffect(() => {
    setView(fromParams(new URLSearchParams(window.location.search), stored()));
  }, []);
  const change = useCallback((patch: Partial<MapView>) => {
    setView((current) => {
      const next = { ...(current ?? DEFAULT_VIEW), ...patch };
      next.collapsed = [...new Set(next.collapsed)].sort();
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...next, traffic: undefined }));
      } catch {
        // storage disabled: the URL still carries the view
      }
      const url = new URL(window.location.href);
      url.searchParams.set("layout", next.layout);
      url.searchParams.set("linux", next.linux ? "1" : "0");
      if (next.collapsed.length) url.searchParams.set("collapsed", next.collapsed.join(","));
      else url.searchParams.delete("collapsed");
      if (next.grouping !== "auto") url.searchParams.set("group", next.grouping);
      else url.searchParams.delete("group");
      if (next.traffic) url.searchParams.set("traffic", "1");
      else url.searchParams.delete("traffic");
      window.history.replaceState(window.history.state, "", url);
      return next;
    });
  }, []);
  return [view, change];
}
