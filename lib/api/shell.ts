// The docker commands Netatlas shows are meant to be copied into a shell: every word is quoted here, in one place,
// so a name Docker accepts (it accepts almost anything for a network) cannot run something else when pasted.

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed. */
export function shellCommand(...words: string[]): string {
  return words.map(shellWord).join(" ");
}

/**
 * The operands of a command (names, after its options), behind `--` when one starts with `-`: quoting keeps a name
 * one word, but the docker CLI (and most tools) would still read `-x` as an option. Docker refuses such container
 * names, not every network, volume or interface name.
 */
export function operands(...words: string[]): string[] {
  return words.some((w) => w.startsWith("-")) ? ["--", ...words] : words;
}
