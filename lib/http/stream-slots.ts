// Counting open long-lived streams (live SSE) per key (a principal) and in total, each under its cap. A slot
// is taken before the stream starts and given back exactly once when it ends. Pure: tested in plain Node.

export type SlotRefusal = { ok: false; reason: "per_client" | "total"; open: number; max: number };
export type Slot = { ok: true; release: () => void } | SlotRefusal;

export class StreamSlots {
  private readonly open = new Map<string, number>();
  private total = 0;

  constructor(private readonly caps: () => { perClient: number; total: number }) {}

  take(key: string): Slot {
    const { perClient, total } = this.caps();
    const mine = this.open.get(key) ?? 0;
    if (mine >= perClient) return { ok: false, reason: "per_client", open: mine, max: perClient };
    if (this.total >= total) return { ok: false, reason: "total", open: this.total, max: total };
    this.open.set(key, mine + 1);
    this.total++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.open.get(key) ?? 1) - 1;
        if (left > 0) this.open.set(key, left);
        else this.open.delete(key);
      },
    };
  }

  openFor(key: string): number {
    return this.open.get(key) ?? 0;
  }

  get openTotal(): number {
    return this.total;
  }
}
