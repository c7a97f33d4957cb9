// A step's check: the claim, and once a probe has run, whether it held, what the probes saw and the same check
// by hand (copyable). Followers get the presenter's verdict (passed, says, saw, command) without the probes.
import { useEffect, useRef } from "react";
import type { LabCheck } from "@/lib/api/labs";
import { CopyButton } from "./LabCommand";
import { Narration } from "./Narration";

export interface ShownCheck {
  passed: boolean;
  says: string;
  saw: string;
  command: string;
  probes?: Array<{ ok: boolean; summary: string }>;
}

export function CheckView({
  check,
  result,
  large = false,
}: {
  check: LabCheck;
  result: ShownCheck | null;
  large?: boolean;
}) {
  const expect = check.expect === "ok" ? "gets through" : "does not get through";
  // The verdict is what the class waits for: brought into view when it arrives (the panel above it may be long).
  const verdict = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) verdict.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [result]);
  return (
    <section className={large ? "space-y-2 text-xl" : "space-y-1 text-sm"} aria-label="Check">
      <Narration text={check.says} className={large ? "text-2xl font-semibold" : "font-medium"} />
      {/* In presenter mode the claim and the verdict are the point; the presenter says how it is checked. */}
      <p className={`text-xs text-slate-600 ${large ? "hidden" : ""}`}>
        A real {check.probe.kind} from {check.probe.from} to {check.probe.target}
        {check.probe.port ? `:${check.probe.port}` : ""}
        {check.repeat > 1 ? `, ${check.repeat} times` : ""}; it holds when the {check.probe.kind} {expect}.
      </p>
      {result ? (
        <div
          ref={verdict}
          role="status"
          data-passed={result.passed}
          className={`rounded border-2 p-2 ${result.passed ? "border-emerald-600 bg-emerald-50 text-emerald-950" : "border-rose-600 bg-rose-50 text-rose-950"}`}
        >
          <p className="font-semibold">{result.passed ? "✓ Passed" : "✗ Failed"}</p>
          <p>Saw: {result.saw}</p>
          {result.probes && result.probes.length > 1 && !large ? (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {result.probes.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the probes of one result, in order
                <li key={i}>
                  {p.ok ? "✓" : "✗"} {p.summary}
                </li>
              ))}
            </ul>
          ) : null}
          {large ? null : (
            <div className="mt-1 flex items-start gap-2">
              <code className="min-w-0 flex-1 break-all font-mono text-xs">{result.command}</code>
              <CopyButton text={result.command} />
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
