// bandPositions: the tiered layout as a diagram. Bands stand left to right; in each, the hubs (networks, the
// outside, a collapsed band's summary) form the top row and the rest sit in rows below, each placed under the
// hubs it is linked to (the mean x of its hubs, in any band), so links run mostly down and across between
// neighbours instead of through unrelated nodes. Odd rows are set half a slot aside, so a link from a hub to
// the second row passes between the nodes of the first. Pure: ids and links in, positions out.

export interface BandInput {
  /** Top row, left to right. */
  hubs: string[];
  /** Everything else in the band. */
  members: string[];
}

export interface Point {
  x: number;
  y: number;
}

/** The top row of a tier band: what the rest of the band is linked to. */
const HUB_KINDS = new Set(["network", "outside", "tier-summary", "bridge"]);

/** A drawn node as the layout sees it: the leaf nodes of the map, each with the band (or box) it is in. */
export interface LeafNode {
  id: string;
  kind: string;
  label: string;
  /** The band's id, for nodes directly or indirectly inside it. */
  band: string | null;
}

/** The bands in `order` (those present), each with its hubs and members sorted by label. */
export function tierBands(leaves: readonly LeafNode[], order: readonly string[]): BandInput[] {
  const sorted = [...leaves].sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
  return order.flatMap((band) => {
    const inBand = sorted.filter((n) => n.band === band);
    if (!inBand.length) return [];
    return [
      {
        hubs: inBand.filter((n) => HUB_KINDS.has(n.kind)).map((n) => n.id),
        members: inBand.filter((n) => !HUB_KINDS.has(n.kind)).map((n) => n.id),
      },
    ];
  });
}

/** Room for a node and its label (labels wrap at 130 px). */
export const SLOT_W = 145;
export const ROW_H = 100;
/** Between two bands. */
export const BAND_GAP = 70;

/** How many slots wide a band is: room for its hubs, and rows not much longer than the band is tall. */
export function bandColumns(band: BandInput): number {
  return Math.max(1, band.hubs.length, Math.ceil(Math.sqrt(band.members.length * 0.75)));
}

export function bandPositions(
  bands: readonly BandInput[],
  neighbours: (id: string) => readonly string[],
): Map<string, Point> {
  const at = new Map<string, Point>();
  const frames: Frame[] = [];
  let x = 0;
  for (const band of bands) {
    const cols = bandColumns(band);
    // Half a slot more than the columns: room for the odd rows to stand aside.
    const width = cols * SLOT_W + SLOT_W / 2;
    frames.push({ x, width, cols });
    // Hubs spread evenly over the band's width.
    const step = width / Math.max(1, band.hubs.length);
    band.hubs.forEach((id, i) => {
      at.set(id, { x: x + (i + 0.5) * step, y: 0 });
    });
    x += width + BAND_GAP;
  }
  // Links drawn so far, to keep new nodes off them (and them off new nodes): only for maps a person can read.
  const careful = bands.reduce((n, b) => n + b.members.length, 0) <= CAREFUL_UP_TO;
  const segments: Array<[string, string]> = [];
  if (careful)
    for (const band of bands)
      for (const id of band.hubs)
        for (const n of neighbours(id)) if (at.has(n) && id < n) segments.push([id, n]);
  const hubX = (id: string): number[] =>
    neighbours(id).flatMap((n) => {
      const p = at.get(n);
      return p ? [p.x] : [];
    });
  bands.forEach((band, b) => {
    const frame = frames[b] as Frame;
    const centre = frame.x + frame.width / 2;
    // Where each member would like to be: under its hubs; one linked only to members, under theirs.
    const wish = new Map<string, number>();
    for (const id of band.members) {
      const xs = hubX(id);
      if (xs.length) wish.set(id, mean(xs));
    }
    for (const id of band.members) {
      if (wish.has(id)) continue;
      const xs = neighbours(id).flatMap((n) => {
        const w = wish.get(n);
        return w === undefined ? [] : [w];
      });
      wish.set(id, xs.length ? mean(xs) : centre);
    }
    const order = [...band.members].sort(
      (a, b2) => (wish.get(a) ?? centre) - (wish.get(b2) ?? centre) || a.localeCompare(b2),
    );
    // Filled column by column (left to right by wish), so those under one hub stand in one column.
    const rows = Math.ceil(order.length / frame.cols);
    for (let row = 0; row < rows; row++) {
      const line = order.filter((_, k) => k % rows === row);
      const y = (row + 1) * ROW_H;
      const placed = careful
        ? placeClear(line, y, frame, wish, at, segments, neighbours)
        : rowInOrder(line, row, frame, wish, centre);
      for (const [id, p] of placed) {
        at.set(id, p);
        if (careful) for (const n of neighbours(id)) if (at.has(n)) segments.push([id, n]);
      }
    }
  });
  return at;
}

interface Frame {
  x: number;
  width: number;
  cols: number;
}

/** Above this many members the rows are filled in order (the search below is quadratic). */
const CAREFUL_UP_TO = 300;
/** A link closer than this to a node's centre looks as if it joined it. */
const CLEAR = 24;

/** A row in order: full rows fill the band (odd ones half a slot aside), short ones stand under their wish. */
function rowInOrder(
  line: readonly string[],
  row: number,
  frame: Frame,
  wish: ReadonlyMap<string, number>,
  centre: number,
): Array<[string, Point]> {
  const span = line.length * SLOT_W;
  const stagger = row % 2 === 1 ? SLOT_W / 2 : 0;
  const want = mean(line.map((id) => wish.get(id) ?? centre)) - span / 2 + stagger;
  const left =
    line.length === frame.cols ? frame.x + stagger : clamp(want, frame.x, frame.x + frame.width - span);
  return line.map((id, i) => [id, { x: left + (i + 0.5) * SLOT_W, y: (row + 1) * ROW_H }]);
}

/**
 * A row placed one member at a time in its slots (one slot width apart, the row set flush or half a slot aside,
 * whichever does better): each member where it is nearest its wish without its links passing through a node
 * already placed, nor itself sitting on a link already drawn.
 */
function placeClear(
  line: readonly string[],
  y: number,
  frame: Frame,
  wish: ReadonlyMap<string, number>,
  at: ReadonlyMap<string, Point>,
  segments: ReadonlyArray<[string, string]>,
  neighbours: (id: string) => readonly string[],
): Array<[string, Point]> {
  let best: { out: Array<[string, Point]>; cost: number } | null = null;
  for (const offset of [0, SLOT_W / 2]) {
    const free = Array.from({ length: frame.cols }, (_, i) => frame.x + offset + (i + 0.5) * SLOT_W);
    const out: Array<[string, Point]> = [];
    const drawn = [...segments];
    const where = (id: string): Point | undefined => at.get(id) ?? out.find(([o]) => o === id)?.[1];
    let total = 0;
    for (const id of line) {
      let pick: { i: number; cost: number } | null = null;
      free.forEach((x, i) => {
        const p = { x, y };
        let blocked = 0;
        for (const n of neighbours(id)) {
          const q = where(n);
          if (!q) continue;
          for (const [other, r] of [...at, ...out])
            if (other !== id && other !== n && toSegment(r, p, q) < CLEAR) blocked++;
        }
        for (const [a, b] of drawn) {
          const pa = where(a);
          const pb = where(b);
          if (pa && pb && toSegment(p, pa, pb) < CLEAR) blocked++;
        }
        const cost = blocked * 10 + Math.abs(x - (wish.get(id) ?? x)) / SLOT_W;
        if (!pick || cost < pick.cost) pick = { i, cost };
      });
      const chosen = pick as { i: number; cost: number } | null;
      if (!chosen) break;
      total += chosen.cost;
      out.push([id, { x: free[chosen.i] as number, y }]);
      free.splice(chosen.i, 1);
      for (const n of neighbours(id)) if (where(n)) drawn.push([id, n]);
    }
    if (!best || total < best.cost) best = { out, cost: total };
  }
  return (best as { out: Array<[string, Point]> }).out;
}

/** Distance from p to the segment a–b. */
export function toSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
}

function clamp(v: number, lo: number, hi: number): number {
  return hi < lo ? lo : Math.min(hi, Math.max(lo, v));
}
