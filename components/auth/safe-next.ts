// Where to go after signing in, from ?next=: only a path on this site, so a crafted link cannot send someone
// elsewhere once they have typed their password (an open redirect).
const HERE = "http://netatlas.invalid";

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Browsers read "\" as "/" and drop tabs and newlines, so "/\evil.example" and "/\t/evil.example"
    // would both become "//evil.example".
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

export function safeNext(next: string | string[] | null | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value?.startsWith("/") || value.startsWith("//") || hasControlOrBackslash(value)) return "/";
  try {
    const url = new URL(value, HERE);
    if (url.origin !== HERE) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
