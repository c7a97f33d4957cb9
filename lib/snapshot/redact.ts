// Cleans a snapshot before it leaves the server, so it can be attached to a ticket or sent to a vendor. Three
// independent options; each reaches every place its values appear (topology, engines, host facts: firewall rule
// text, routes, interface addresses, IPsec), and each keeps the map's shape, so the redacted snapshot still draws
// the same map and gives the same reach, DNS and findings answers:
// - labels: every label value (containers, networks, swarm nodes and services) becomes "redacted-N", the same
//   value the same N everywhere; keys stay. Values the map and the analysis read are kept: netatlas.* (and the
//   tier label), com.docker.compose.{project,service,network,oneoff,container-number,version,depends_on},
//   com.docker.swarm.* (ids and names of swarm objects) and com.docker.stack.namespace.
// - env: secrets inside the values that remain (labels, network and IPAM driver options, the engine address):
//   the value of a secret-looking key (password, token, secret, key, auth…), KEY=VALUE pairs with such a key,
//   the password of a user:password@ URL, JWTs and long opaque tokens become "[redacted]".
// - addresses: IPv4, IPv6 and MAC addresses, wherever they are written (fields and free text alike). Each block
//   (a subnet, or a lone address) moves as one to documentation and reserved space (198.18.0.0/15, 100.64.0.0/10,
//   240.0.0.0/5; 2001:db8::/32, 3fff::/20) keeping its prefix length and every host's offset, so an address stays
//   in its subnet, gateways stay .1, overlapping subnets still overlap and firewall rules still match the same
//   containers. Loopback, unspecified, link-local IPv4, multicast and broadcast are kept (they name no one);
//   IPv6 link-local keeps fe80::/64 with a new interface id. MACs become 00:00:5e:00:53:xx (RFC 7042). Prefixes
//   wider than /8 (IPv4) or /20 (IPv6) are kept as they are: they name ranges, not hosts.
// Pure.
import { contains, formatAddress, lastAddress, type Prefix, parseAddress } from "@/lib/analysis/cidr";
import { REDACTIONS, type Redaction, type Snapshot } from "./format";

export const REDACTED = "[redacted]";

/** Label keys whose values the map and the analysis read: names of structure, never secrets. */
const KEPT_LABEL_KEYS = [
  /^netatlas\./,
  /^com\.docker\.compose\.(project|service|network|oneoff|container-number|version|depends_on)$/,
  /^com\.docker\.swarm\./,
  /^com\.docker\.stack\.namespace$/,
];

export function keepsLabelValue(key: string, tierLabel: string): boolean {
  return key === tierLabel || KEPT_LABEL_KEYS.some((re) => re.test(key));
}

/** Parses "labels,env,addresses" (the query parameter); unknown words are an error naming the known ones. */
export function parseRedactions(text: string | null): Redaction[] {
  if (!text) return [];
  const words = text
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  const unknown = words.filter((w) => !(REDACTIONS as readonly string[]).includes(w));
  if (unknown.length)
    throw new RangeError(
      `Unknown redaction ${unknown.map((w) => `"${w}"`).join(", ")}: use any of ${REDACTIONS.join(", ")} (comma separated).`,
    );
  return REDACTIONS.filter((r) => words.includes(r));
}

// --- walking --------------------------------------------------------------------------------------------------

/** A deep copy of `value` with every string passed through `fn` (object keys are left alone). */
function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === "string") return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out as T;
  }
  return value;
}

type LabelMap = Record<string, string>;

/** Every label and option map of the topology, with whether its keys can be structural (kept values). */
function eachValueMap(s: Snapshot, fn: (map: LabelMap, kind: "labels" | "options") => LabelMap): Snapshot {
  const t = s.topology;
  return {
    ...s,
    topology: {
      ...t,
      containers: t.containers.map((c) => ({ ...c, labels: fn(c.labels, "labels") })),
      networks: t.networks.map((n) => ({
        ...n,
        labels: fn(n.labels, "labels"),
        options: fn(n.options, "options"),
        ipam: { ...n.ipam, options: fn(n.ipam.options, "options") },
      })),
      nodes: t.nodes.map((n) => ({ ...n, labels: fn(n.labels, "labels") })),
      services: t.services.map((v) => ({ ...v, labels: fn(v.labels, "labels") })),
    },
  };
}

// --- labels ---------------------------------------------------------------------------------------------------

function redactLabels(s: Snapshot): Snapshot {
  const placeholders = new Map<string, string>();
  const tierLabel = s.settings.tierLabel;
  return eachValueMap(s, (map, kind) => {
    if (kind !== "labels") return map;
    const out: LabelMap = {};
    for (const [k, v] of Object.entries(map)) {
      if (v === "" || keepsLabelValue(k, tierLabel)) {
        out[k] = v;
        continue;
      }
      let p = placeholders.get(v);
      if (!p) {
        p = `redacted-${placeholders.size + 1}`;
        placeholders.set(v, p);
      }
      out[k] = p;
    }
    return out;
  });
}

// --- env-like secrets -----------------------------------------------------------------------------------------

const SECRET_KEY =
  /(pass(word|wd|phrase)?|pwd|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|credential|auth|bearer|session|cookie|signature|salt)/i;
const PAIR = /([A-Za-z_][A-Za-z0-9_.-]*)=([^\s,;&"']+)/g;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s/]+)(@)/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9+/=._-]+/g;
/** A long run of letters and digits that is neither a word nor a number: a key, a token, a hash. */
const OPAQUE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_-])/g;

/** A value with what looks like a secret replaced by "[redacted]"; the rest of the text stays. */
export function redactSecretsIn(value: string): string {
  return value
    .replace(URL_PASSWORD, `$1${REDACTED}$3`)
    .replace(JWT, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(PAIR, (all, key: string) => (SECRET_KEY.test(key) ? `${key}=${REDACTED}` : all))
    .replace(OPAQUE, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run));
}

function redactEnv(s: Snapshot): Snapshot {
  const tierLabel = s.settings.tierLabel;
  const cleaned = eachValueMap(s, (map, kind) => {
    const out: LabelMap = {};
    for (const [k, v] of Object.entries(map)) {
      if (kind === "labels" && keepsLabelValue(k, tierLabel)) out[k] = v;
      else out[k] = v !== "" && SECRET_KEY.test(k) ? REDACTED : redactSecretsIn(v);
    }
    return out;
  });
  // An engine's address can carry credentials (ssh://user:password@host).
  return {
    ...cleaned,
    topology: {
      ...cleaned.topology,
      engines: cleaned.topology.engines.map((e) => ({ ...e, host: redactSecretsIn(e.host) })),
    },
  };
}

// --- addresses ------------------------------------------------------------------------------------------------

/** MAC, IPv6 (with /len), IPv4 (with /len), in free text; each bounded so it is not part of a longer word. */
const ADDRESS = new RegExp(
  [
    "(?<mac>(?<![0-9A-Za-z:])[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![0-9A-Za-z:]))",
    "(?<v6>(?<![0-9A-Za-z:.])(?=[0-9A-Fa-f]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}(?:/\\d{1,3})?(?![0-9A-Za-z:.]))",
    "(?<v4>(?<![0-9A-Za-z]|[0-9]\\.)\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?(?![0-9A-Za-z]|\\.[0-9]))",
  ].join("|"),
  "g",
);

type Family = 4 | 6;
const WIDTH = { 4: 32, 6: 128 } as const;
/** Prefixes at least this long are moved as blocks; wider ones (0.0.0.0/1, 2000::/3) are kept as written. */
const MIN_BITS = { 4: 8, 6: 20 } as const;

interface Block {
  family: Family;
  base: bigint;
  bits: number;
}

const block = (family: Family, text: string, bits: number): Block => {
  const p = parseAddress(text);
  if (!p) throw new Error(`not an address: ${text}`);
  const size = WIDTH[family] - bits;
  return { family, base: (p.value >> BigInt(size)) << BigInt(size), bits };
};

const SPECIAL: Block[] = [
  block(4, "0.0.0.0", 8),
  block(4, "127.0.0.0", 8),
  block(4, "169.254.0.0", 16),
  block(4, "224.0.0.0", 4),
  block(4, "255.255.255.255", 32),
  block(6, "::", 128),
  block(6, "::1", 128),
  block(6, "ff00::", 8),
  block(6, "::ffff:0:0", 96),
];
const LINK_LOCAL_V6 = block(6, "fe80::", 10);

/** Where blocks go, in order of use. */
const POOLS: Block[] = [
  block(4, "198.18.0.0", 15),
  block(4, "100.64.0.0", 10),
  block(4, "240.0.0.0", 5),
  block(6, "2001:db8::", 32),
  block(6, "3fff::", 20),
];

const isIn = (b: Block, family: Family, value: bigint) => contains(b as Prefix, family, value);
const endOf = (b: Block) => lastAddress(b as Prefix);
const lowBits = (family: Family, bits: number) => (1n << BigInt(WIDTH[family] - bits)) - 1n;

interface Token {
  kind: "mac" | "v4" | "v6";
  /** Lower-case MAC; else the address. */
  mac?: string;
  family?: Family;
  value?: bigint;
  bits?: number | null;
}

function readToken(text: string, groups: Record<string, string | undefined>): Token | null {
  if (groups.mac) return { kind: "mac", mac: text.toLowerCase() };
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const parsed = parseAddress(address);
  if (!parsed) return null;
  const bits = slash < 0 ? null : Number(text.slice(slash + 1));
  if (bits !== null && bits > WIDTH[parsed.family]) return null;
  return { kind: parsed.family === 4 ? "v4" : "v6", family: parsed.family, value: parsed.value, bits };
}

function scan(text: string, fn: (t: Token, raw: string) => string | undefined): string {
  return text.replace(ADDRESS, (raw, ...rest) => {
    const groups = rest[rest.length - 1] as Record<string, string | undefined>;
    const token = readToken(raw, groups);
    if (!token) return raw;
    return fn(token, raw) ?? raw;
  });
}

const MAC_KEPT = new Set(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"]);

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** The plan: which block goes where, which MAC and which link-local interface id becomes which. */
class AddressPlan {
  private readonly roots: Array<Block & { to: bigint }> = [];
  private readonly macs = new Map<string, string>();
  private readonly iids = new Map<bigint, bigint>();

  constructor(tokens: Token[]) {
    const ranges: Block[] = [];
    const macs = new Set<string>();
    const iids = new Set<bigint>();
    for (const t of tokens) {
      if (t.kind === "mac") {
        if (t.mac && !MAC_KEPT.has(t.mac)) macs.add(t.mac);
        continue;
      }
      const family = t.family as Family;
      const value = t.value as bigint;
      if (tooWide(t)) continue;
      if (SPECIAL.some((b) => isIn(b, family, value))) continue;
      if (isIn(LINK_LOCAL_V6, family, value)) {
        iids.add(value & lowBits(6, 64));
        continue;
      }
      ranges.push({ family, base: value, bits: WIDTH[family] });
      if (t.bits !== null && t.bits !== undefined)
        ranges.push({ family, base: value & ~lowBits(family, t.bits), bits: t.bits });
    }
    // The widest block holding each address: the roots, which do not overlap.
    ranges.sort(
      (a, b) => a.family - b.family || (a.base < b.base ? -1 : a.base > b.base ? 1 : a.bits - b.bits),
    );
    const roots: Block[] = [];
    for (const r of ranges) {
      const last = roots[roots.length - 1];
      if (last && last.family === r.family && isIn(last, r.family, r.base)) continue;
      roots.push(r);
    }
    // Widest first: every block then starts aligned to its size after the one before.
    const order = [...roots].sort(
      (a, b) => a.family - b.family || a.bits - b.bits || (a.base < b.base ? -1 : 1),
    );
    const cursors = POOLS.map((p) => p.base);
    for (const root of order) {
      this.roots.push({ ...root, to: this.place(root, roots, cursors) });
    }
    this.roots.sort((a, b) => a.family - b.family || (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    const originals = new Set(macs);
    let n = 0;
    for (const mac of [...macs].sort()) {
      let next: string;
      do {
        next =
          n < 256
            ? `00:00:5e:00:53:${hex2(n)}`
            : `02:00:5e:${hex2((n >> 16) & 255)}:${hex2((n >> 8) & 255)}:${hex2(n & 255)}`;
        n++;
      } while (originals.has(next));
      this.macs.set(mac, next);
    }
    [...iids]
      .sort((a, b) => (a < b ? -1 : 1))
      .forEach((iid, i) => {
        this.iids.set(iid, 0x0200_5eff_fe00_0000n + BigInt(i + 1));
      });
  }

  /** The first free aligned spot of the block's size in a pool of its family that holds no original address. */
  private place(root: Block, originals: Block[], cursors: bigint[]): bigint {
    const size = 1n << BigInt(WIDTH[root.family] - root.bits);
    for (const [i, pool] of POOLS.entries()) {
      if (pool.family !== root.family || pool.bits > root.bits) continue;
      let at = alignUp(cursors[i] as bigint, size);
      while (at + size - 1n <= endOf(pool)) {
        const clash = originals.find(
          (o) => o.family === root.family && o.base <= at + size - 1n && at <= endOf(o),
        );
        if (!clash) {
          cursors[i] = at + size;
          return at;
        }
        at = alignUp(endOf(clash) + 1n, size);
      }
      cursors[i] = at;
    }
    throw new Error(
      `Too many address blocks to redact: no room left for ${formatAddress(root.family, root.base)}/${root.bits}`,
    );
  }

  private rootOf(family: Family, value: bigint): (Block & { to: bigint }) | undefined {
    let lo = 0;
    let hi = this.roots.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.roots[mid] as Block & { to: bigint };
      if (r.family < family || (r.family === family && endOf(r) < value)) lo = mid + 1;
      else if (r.family > family || r.base > value) hi = mid - 1;
      else return r;
    }
    return undefined;
  }

  rewrite(t: Token, raw: string): string | undefined {
    if (t.kind === "mac") {
      const mapped = t.mac ? this.macs.get(t.mac) : undefined;
      return mapped ?? undefined;
    }
    const family = t.family as Family;
    const value = t.value as bigint;
    if (tooWide(t)) return raw;
    const suffix = t.bits === null || t.bits === undefined ? "" : `/${t.bits}`;
    if (isIn(LINK_LOCAL_V6, family, value)) {
      const iid = this.iids.get(value & lowBits(6, 64));
      if (iid === undefined) return raw;
      return `${formatAddress(6, (value & ~lowBits(6, 64)) | iid)}${suffix}`;
    }
    const root = this.rootOf(family, value);
    if (!root) return raw;
    return `${formatAddress(family, root.to | (value & lowBits(family, root.bits)))}${suffix}`;
  }
}

function tooWide(t: Token): boolean {
  return t.bits !== null && t.bits !== undefined && t.bits < MIN_BITS[t.family as Family];
}

function alignUp(value: bigint, size: bigint): bigint {
  return ((value + size - 1n) / size) * size;
}

/** The parts of a snapshot that can hold addresses: all of it but the header's own fields. */
function addressBearing(s: Snapshot) {
  return { engines: s.engines, topology: s.topology, hostFacts: s.hostFacts };
}

function redactAddresses(s: Snapshot): Snapshot {
  const tokens: Token[] = [];
  mapStrings(addressBearing(s), (text) =>
    scan(text, (t) => {
      tokens.push(t);
      return undefined;
    }),
  );
  const plan = new AddressPlan(tokens);
  const moved = mapStrings(addressBearing(s), (text) => scan(text, (t, raw) => plan.rewrite(t, raw)));
  return { ...s, ...moved };
}

/** The snapshot with the chosen redactions applied (in a fixed order: labels, env, addresses). */
export function redactSnapshot(snapshot: Snapshot, what: readonly Redaction[]): Snapshot {
  let s = snapshot;
  if (what.includes("labels")) s = redactLabels(s);
  if (what.includes("env")) s = redactEnv(s);
  if (what.includes("addresses")) s = redactAddresses(s);
  const redacted = REDACTIONS.filter((r) => what.includes(r) || snapshot.redacted.includes(r));
  return { ...s, redacted };
}
