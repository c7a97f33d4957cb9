// A line for each engine that could not be read, so a partial answer never passes for a whole one.
import type { EngineDto } from "@/lib/api/types";

export function EngineWarnings({ engines }: { engines: EngineDto[] }) {
  const down = engines.filter((e) => e.status !== "up");
  if (down.length === 0) return null;
  return (
    <div role="alert" className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-800">
      {down.map((e) => (
        <p key={e.id}>
          Engine {e.id} ({e.host}) is unreachable: {e.error?.message}
        </p>
      ))}
    </div>
  );
}
