// The Docker API versions Netatlas speaks: 1.41 (Docker 20.10) up to 1.45 (Docker 26.1), the two we test against.

export const MIN_API_VERSION = "1.41";
export const MAX_API_VERSION = "1.45";

/** Compares "1.41"-style versions numerically: negative when a < b. */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** API 1.44 added DNSNames to endpoints. */
export function reportsDnsNames(apiVersion: string): boolean {
  return compareApiVersions(apiVersion, "1.44") >= 0;
}
