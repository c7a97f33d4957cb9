// A labelled input with its hint and problem underneath, and the alert line of a form: every auth form is
// made of these, so each input has a label the tests and screen readers can find.
import { type InputHTMLAttributes, type Ref, useId } from "react";

type FieldProps = {
  label: string;
  name: string;
  error?: string | undefined;
  /** A rule said before it is broken (e.g. a password's minimum length), read out with the input. */
  hint?: string | undefined;
  /** Added to the input's own classes (e.g. font-mono for an address); className styles the wrapper. */
  inputClassName?: string;
  ref?: Ref<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

export function Field({ label, name, error, hint, className, inputClassName, ...input }: FieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-problem` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className={className ?? "flex flex-col gap-1"}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`rounded border border-slate-300 px-2 py-1 text-sm aria-invalid:border-red-500 ${inputClassName ?? ""}`}
        {...input}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-problem`} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
      {message}
    </p>
  );
}

export const BUTTON =
  "rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50";
