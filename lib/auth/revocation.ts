// Revocation reaches open connections: logout, a password change, a removed user or a revoked token tells
// every open event stream to check its credentials again, and the stream ends if they no longer hold.
import "server-only";
import { EventEmitter } from "node:events";

const holder = globalThis as typeof globalThis & { __netatlasRevocations?: EventEmitter };

function bus(): EventEmitter {
  if (!holder.__netatlasRevocations) {
    holder.__netatlasRevocations = new EventEmitter();
    holder.__netatlasRevocations.setMaxListeners(0);
  }
  return holder.__netatlasRevocations;
}

export function notifyRevoked(): void {
  bus().emit("revoked");
}

export function onRevoked(listener: () => void): () => void {
  bus().on("revoked", listener);
  return () => bus().off("revoked", listener);
}
