"use client";
// The page's theme: as the system says (light or dark), light, dark, or high contrast. Kept per browser; applied
// as a class on <html> (app/themes.css turns Tailwind's palette around), before the first paint by THEME_SCRIPT,
// and the map restyles its canvas when it changes (the "netatlas-theme" event).
import { useEffect, useState } from "react";

export type ThemeChoice = "system" | "light" | "dark" | "contrast";
const KEY = "netatlas.theme";
const CHOICES: Array<[ThemeChoice, string]> = [
  ["system", "System"],
  ["light", "Light"],
  ["dark", "Dark"],
  ["contrast", "High contrast"],
];

/** Runs in <head> before the page paints: no light flash on a dark system. Same rules as applyTheme. */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem("${KEY}")||"system";var d=c==="dark"||(c==="system"&&matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("theme-dark",d);e.classList.toggle("theme-contrast",c==="contrast");}catch(_){}})();`;

export function applyTheme(choice: ThemeChoice): void {
  const dark =
    choice === "dark" || (choice === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.classList.toggle("theme-dark", dark);
  root.classList.toggle("theme-contrast", choice === "contrast");
  window.dispatchEvent(new Event("netatlas-theme"));
}

/** What the page shows now, for code that draws its own colours (the map's canvas). */
export function currentTheme(): { dark: boolean; contrast: boolean } {
  const root = document.documentElement.classList;
  return { dark: root.contains("theme-dark"), contrast: root.contains("theme-contrast") };
}

export function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => {
    const saved = (localStorage.getItem(KEY) as ThemeChoice | null) ?? "system";
    setChoice(CHOICES.some(([c]) => c === saved) ? saved : "system");
  }, []);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== "system") return;
    const media = matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [choice]);
  return (
    <label className="flex items-center gap-1 text-xs text-slate-600">
      Theme
      <select
        aria-label="Theme"
        value={choice}
        onChange={(event) => {
          const next = event.target.value as ThemeChoice;
          try {
            localStorage.setItem(KEY, next);
          } catch {
            // storage disabled: the choice lasts as long as the page
          }
          setChoice(next);
        }}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
      >
        {CHOICES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
