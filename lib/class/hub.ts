// The class channel: the presenter's latest state and the followers listening for it. One per server process (on
// globalThis like the live hub, so every route bundle shares it), one class for the whole server: the last
// presenter to publish is the one followed. In memory only: a restart empties it, the presenter's next move
// fills it again.
import "server-only";
import { CLASS_RATE, type ClassMessage, type ClassState } from "@/lib/api/class";
import { AppError } from "@/lib/api/errors";
import { TokenBuckets } from "@/lib/http/token-bucket";

export type ClassListener = (message: ClassMessage) => void;

export class ClassHub {
  private latest: ClassMessage | null = null;
  /** The last positions published: a state without them keeps these (followers joining late need them). */
  private positions: ClassState["positions"] = undefined;
  private seq = 0;
  private readonly listeners = new Set<ClassListener>();
  private readonly buckets = new TokenBuckets(() => ({
    burst: CLASS_RATE.burst,
    perMinute: CLASS_RATE.perSecond * 60,
  }));

  /**
   * Takes a presenter's state (already validated) and sends it to every follower; `key` names whom the rate
   * limit counts against (lib/http/limits principalKey). Throws 429 beyond CLASS_RATE.
   */
  publish(state: ClassState, presenter: { key: string; name: string }, now = Date.now()): ClassMessage {
    const taken = this.buckets.take(presenter.key, now);
    if (!taken.ok) {
      const retryAfter = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      throw new AppError(
        "too_many_requests",
        `Too many class updates: a presenter may publish ${CLASS_RATE.perSecond} a second; try again in ${retryAfter} s.`,
        null,
        { retryAfter },
      );
    }
    if (state.positions) this.positions = state.positions;
    this.seq += 1;
    const message: ClassMessage = {
      seq: this.seq,
      at: new Date(now).toISOString(),
      presenter: presenter.name,
      state,
    };
    // Followers get positions only when they changed; the stored state keeps the last ones for late joiners.
    this.latest = { ...message, state: { ...state, positions: this.positions } };
    for (const listener of this.listeners) listener(message);
    return message;
  }

  /** The state a follower starts from (with the last positions), or null when nobody has presented yet. */
  current(): ClassMessage | null {
    return this.latest;
  }

  subscribe(listener: ClassListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get followers(): number {
    return this.listeners.size;
  }
}

const HUB = Symbol.for("netatlas.class.hub");
type GlobalWithClass = typeof globalThis & { [HUB]?: ClassHub };

export function classHub(): ClassHub {
  const g = globalThis as GlobalWithClass;
  g[HUB] ??= new ClassHub();
  return g[HUB];
}
