// What the audit log has already seen of a request: the guard notes who asked and which action (so a
// later refusal is written with them), and an error written by the guard or `audited` is marked so that
// respond() does not write it twice.
import "server-only";

export interface RefusalContext {
  who: { actor: string; via: string; address: string };
  action: string;
}

const contexts = new WeakMap<Request, RefusalContext>();
const seen = new WeakSet<object>();

export function noteRefusalContext(request: Request, context: RefusalContext): void {
  contexts.set(request, context);
}

export function refusalContext(request: Request): RefusalContext | undefined {
  return contexts.get(request);
}

export function markAudited(err: unknown): void {
  if (err && typeof err === "object") seen.add(err);
}

export function auditedError(err: unknown): boolean {
  return !!err && typeof err === "object" && seen.has(err);
}
