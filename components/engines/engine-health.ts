// How one engine's health reads on /engines and on the map: a word, a colour that means only health, and the
// sentence behind it. Pure, so the table, the map's details and their tests say the same thing.
import type { EngineHealthDto } from "@/lib/api/engines";

export type HealthTone = "live" | "connecting" | "down" | "idle";

export function ago(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function lagText(ms: number | null): string | null {
  if (ms === null) return null;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function healthWord(health: EngineHealthDto): { word: string; tone: HealthTone } {
  switch (health.state) {
    case "live":
      return { word: "Up", tone: "live" };
    case "connecting":
      return { word: "Connecting", tone: "connecting" };
    case "down":
      return { word: "Down", tone: "down" };
    default:
      return { word: "Not followed", tone: "idle" };
  }
}

/** "down since 14:03 (5 min ago)" / "up since …" / why it is idle. */
export function healthSentence(health: EngineHealthDto, now: number): string {
  const since = health.since
    ? `${new Date(health.since).toLocaleTimeString()} (${ago(health.since, now)})`
    : null;
  switch (health.state) {
    case "live":
      return since ? `Up since ${since}` : "Up";
    case "connecting":
      return "Connecting…";
    case "down":
      return `Down${since ? ` since ${since}` : ""}${health.error ? `: ${health.error.message}` : ""}`;
    default:
      return "The server is not following Docker right now (it follows only while a page is open).";
  }
}

export const TONE_CLASS: Record<HealthTone, string> = {
  live: "bg-green-100 text-green-900",
  connecting: "bg-amber-100 text-amber-900",
  down: "bg-red-100 text-red-900",
  idle: "bg-slate-100 text-slate-700",
};
