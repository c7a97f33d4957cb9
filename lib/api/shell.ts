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
