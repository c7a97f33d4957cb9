// One way to show a moment on every account page: UTC, to the second, the same in the server's HTML and in
// the browser (a local-time format would differ between the two and break hydration).
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return `${t.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A moment in this process's time zone, with the zone named. For server components only: it is how the
 * audit filter's From and To (datetime-local, no zone) are read, so the table and the filter agree.
 */
export function formatServerTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const date = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
  const time = `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
  return `${date} ${time} ${serverZone(t)}`;
}

/** "UTC" or "UTC+01:00": the offset of this process's time zone at that moment. */
export function serverZone(t = new Date()): string {
  const offset = -t.getTimezoneOffset();
  if (offset === 0) return "UTC";
  const abs = Math.abs(offset);
  return `UTC${offset > 0 ? "+" : "-"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
