// Password hashing with scrypt (memory-hard, from node:crypto): "scrypt$N$r$p$salt$hash", verified in
// constant time. Unknown users are checked against a dummy hash so timing does not tell who exists.
import "server-only";
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 * N * r bytes is needed (32 MiB here); allow twice that.
    scrypt(password.normalize("NFKC"), salt, KEYLEN, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !n || !r || !p || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "base64url");
  // A damaged row must not become a 500, nor (with a huge N) an allocation of gigabytes.
  if (Number(n) > 1 << 20 || Number(r) > 64) return false;
  let key: Buffer;
  try {
    key = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  } catch {
    return false;
  }
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | null = null;
/** Spends the time a real check would, for a user that does not exist. */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword("netatlas-no-such-user");
  await verifyPassword(password, await dummy);
  return false;
}
