// One labelled input of the "New network" form with its help and its problems under it, tied to the input
// (aria-describedby, aria-invalid) so a screen reader says what is wrong where a sighted person sees it.
import { type ReactNode, useId } from "react";

/** The problems to show next to one input (slot); [] while it is untouched and no submit was tried. */
export type ProblemsOf = (slot: string) => string[];

/** What the input needs to be labelled, described and tracked; spread onto it. */
export interface ControlProps {
  id: string;
  /** The slot: the form's change and blur handlers read it to know what was touched. */
  name: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

export const INPUT = "w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs";
export const GRID = "grid grid-cols-[9rem_minmax(0,1fr)] items-start gap-x-3 gap-y-2";
export const FIELDSET = "mt-3 rounded border border-slate-200 p-2";
export const LEGEND = "px-1 font-semibold text-slate-700";

export function FieldRow({
  label,
  slot,
  help,
  problems,
  checkbox = false,
  children,
}: {
  label: ReactNode;
  slot: string;
  help?: ReactNode;
  problems: ProblemsOf;
  /** A checkbox sits inside its label, right of the label column. */
  checkbox?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const shown = problems(slot);
  const helpId = help ? `${id}-help` : undefined;
  const problemId = shown.length ? `${id}-problem` : undefined;
  const describedBy = [problemId, helpId].filter(Boolean).join(" ") || undefined;
  const control = children({
    id,
    name: slot,
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    ...(shown.length ? { "aria-invalid": true as const } : {}),
  });
  return (
    <>
      {checkbox ? (
        <span />
      ) : (
        <label htmlFor={id} className="pt-1">
          {label}
        </label>
      )}
      <div className="min-w-0">
        {checkbox ? (
          <label htmlFor={id} className="flex items-center gap-2">
            {control}
            {label}
          </label>
        ) : (
          control
        )}
        {shown.length ? (
          <ul id={problemId} className="mt-1 space-y-0.5 text-xs text-red-700">
            {shown.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {help ? (
          <p id={helpId} className="mt-0.5 text-xs text-slate-500">
            {help}
          </p>
        ) : null}
      </div>
    </>
  );
}
