// IPv4 and IPv6 addresses and prefixes as numbers, for the checks Docker would only make later (or not at
// all): host bits set in a subnet, an address outside its subnet, two pools that overlap. Pure.

export interface Prefix {
  family: 4 | 6;
  /** The network address (host bits cleared). */
  base: bigint;
  bits: number;
  /** The address as written, host bits included. */
  given: bigint;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | null {
  const m = V4.exec(text);
  if (!m) return null;
  let value = 0n;
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith("0"))) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.includes(":::")) return null;
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? left.length !== 8 : missing < 1) return null;
  const all = [...left, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

export function parseAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = parseV4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = text.includes(":") ? parseV6(text) : null;
  return v6 === null ? null : { family: 6, value: v6 };
}

const width = (family: 4 | 6) => (family === 4 ? 32 : 128);

function mask(family: 4 | 6, bits: number): bigint {
  const w = width(family);
  return ((1n << BigInt(w)) - 1n) ^ ((1n << BigInt(w - bits)) - 1n);
}

/** "10.0.0.0/24" → its prefix; null when it is not an address and a length that fits it. */
export function parsePrefix(text: string): Prefix | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = parseAddress(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(lengthText)) return null;
  const bits = Number(lengthText);
  if (bits > width(address.family)) return null;
  return {
    family: address.family,
    base: address.value & mask(address.family, bits),
    bits,
    given: address.value,
  };
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of zero groups (two or more) becomes "::" (RFC 5952).
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

export function formatPrefix(p: Pick<Prefix, "family" | "base" | "bits">): string {
  return `${formatAddress(p.family, p.base)}/${p.bits}`;
}

export function hasHostBits(p: Prefix): boolean {
  return p.given !== p.base;
}

/** The last address of the prefix. */
export function lastAddress(p: Pick<Prefix, "family" | "base" | "bits">): bigint {
  return p.base | ((1n << BigInt(width(p.family) - p.bits)) - 1n);
}

export function contains(
  outer: Pick<Prefix, "family" | "base" | "bits">,
  family: 4 | 6,
  value: bigint,
): boolean {
  return outer.family === family && value >= outer.base && value <= lastAddress(outer);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** Whether `inner` lies wholly inside `outer`. */
export function within(inner: Prefix, outer: Prefix): boolean {
  return contains(outer, inner.family, inner.base) && contains(outer, inner.family, lastAddress(inner));
}
