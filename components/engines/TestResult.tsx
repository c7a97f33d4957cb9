// What a connection test found: what answered, or exactly what failed (with the low-level cause kept).
import type { EngineTestDto } from "@/lib/api/engines";

export function TestResult({ result }: { result: EngineTestDto }) {
  if (result.ok) {
    const role = result.swarmRole ? `, swarm ${result.swarmRole}` : "";
    return (
      <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-900" data-test-result="ok">
        Connected in {result.ms} ms: Docker {result.version}, API {result.apiVersion}, {result.os}/
        {result.arch}
        {result.hostname ? ` on ${result.hostname}` : ""}
        {role}.
      </p>
    );
  }
  return (
    <div role="status" className="rounded bg-red-50 p-2 text-sm text-red-900" data-test-result={result.cause}>
      <p className="font-medium">{result.message}</p>
      {result.detail ? <p className="mt-1 font-mono text-xs text-red-800">{result.detail}</p> : null}
    </div>
  );
}
