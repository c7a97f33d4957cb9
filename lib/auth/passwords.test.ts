// Password hashing: the stored format, right and wrong passwords, a fresh salt per hash, NFKC normalisation,
// and a stored hash that was tampered with (any field) answering false rather than true or an exception.
import { describe, expect, it } from "vitest";
import { hashPassword, verifyNobody, verifyPassword } from "./passwords";

const PASSWORD = "correct horse battery staple";

/** The stored hash with field `index` (0 kind, 1 N, 2 r, 3 p, 4 salt, 5 hash) replaced. */
function withField(stored: string, index: number, value: string): string {
  const parts = stored.split("$");
  parts[index] = value;
  return parts.join("$");
}

/** Flips the first character of a base64url field, which always changes the decoded bytes. */
function flipFirst(text: string): string {
  return `${text[0] === "A" ? "B" : "A"}${text.slice(1)}`;
}

describe("hashPassword", () => {
  it('stores "scrypt$N$r$p$salt$hash" with a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const [, , , , salt, hash] = stored.split("$");
    expect(Buffer.from(salt ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(hash ?? "", "base64url")).toHaveLength(32);
    expect(stored).not.toContain(PASSWORD);
  });

  it("uses a different salt (and so a different hash) each time for the same password", async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(a?.split("$")[4]).not.toBe(b?.split("$")[4]);
    expect(a?.split("$")[5]).not.toBe(b?.split("$")[5]);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(PASSWORD, b)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("accepts the right password and refuses wrong ones", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword(`${PASSWORD} `, stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("compares passwords after NFKC normalisation (a ligature equals its letters)", async () => {
    const stored = await hashPassword("ﬁnancial-report-2026");
    expect(await verifyPassword("financial-report-2026", stored)).toBe(true);
  });

  it("answers false for a stored hash whose salt, key, N or r was changed", async () => {
    const stored = await hashPassword(PASSWORD);
    const parts = stored.split("$");
    const tampered = [
      withField(stored, 4, flipFirst(parts[4] ?? "")),
      withField(stored, 5, flipFirst(parts[5] ?? "")),
      withField(stored, 1, "16384"),
      withField(stored, 2, "4"),
    ];
    for (const t of tampered) expect(await verifyPassword(PASSWORD, t), t).toBe(false);
  });

  it("answers false for a stored value that is not a whole scrypt hash", async () => {
    const stored = await hashPassword(PASSWORD);
    const parts = stored.split("$");
    const broken = [
      "",
      "plain-text-password",
      PASSWORD,
      withField(stored, 0, "bcrypt"),
      parts.slice(0, 5).join("$"),
      withField(stored, 5, (parts[5] ?? "").slice(0, 20)),
      withField(stored, 5, ""),
    ];
    for (const b of broken) expect(await verifyPassword(PASSWORD, b), b).toBe(false);
  });

  it("answers false (does not throw) for a stored hash with impossible scrypt parameters", async () => {
    const stored = await hashPassword(PASSWORD);
    // N must be a power of two above 1; a tampered or truncated database row must read as "wrong password",
    // not as an exception that turns a sign-in into a 500.
    const impossible = [withField(stored, 1, "abc"), withField(stored, 1, "3"), withField(stored, 2, "abc")];
    for (const t of impossible) await expect(verifyPassword(PASSWORD, t), t).resolves.toBe(false);
  });
});

describe("verifyNobody", () => {
  it("always answers false, even for the dummy password it hashes", async () => {
    expect(await verifyNobody(PASSWORD)).toBe(false);
    expect(await verifyNobody("netatlas-no-such-user")).toBe(false);
    expect(await verifyNobody("")).toBe(false);
  });
});
