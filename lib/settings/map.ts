// How the map is drawn, from the server's environment: the label that names an object's tier.
import "server-only";

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

/** NETATLAS_TIER_LABEL (default netatlas.tier): a Docker label key; an invalid one falls back, with a warning. */
export function tierLabelKey(env: Record<string, string | undefined> = process.env): string {
  const key = env.NETATLAS_TIER_LABEL?.trim();
  if (!key) return "netatlas.tier";
  if (LABEL_KEY.test(key)) return key;
  console.warn(`netatlas: NETATLAS_TIER_LABEL "${key}" is not a label key; using netatlas.tier`);
  return "netatlas.tier";
}
