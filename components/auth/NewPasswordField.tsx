"use client";
// A new password's input: the minimum length is said under it from the start and counted as one types (and
// the browser holds the form back below it), instead of only after a refused submit.
import { useEffect, useRef, useState } from "react";
import { PASSWORD_MIN } from "@/lib/api/auth";
import { Field } from "./Field";
import { passwordLengthHint } from "./password-hint";

export function NewPasswordField({ label, error }: { label: string; error?: string | undefined }) {
  const [length, setLength] = useState(0);
  const ref = useRef<HTMLInputElement>(null);
  // The forms reset themselves after a success; the count must start again with them.
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const restart = () => setLength(0);
    form.addEventListener("reset", restart);
    return () => form.removeEventListener("reset", restart);
  }, []);
  return (
    <Field
      ref={ref}
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      minLength={PASSWORD_MIN}
      hint={passwordLengthHint(length)}
      onChange={(e) => setLength(e.target.value.length)}
      error={error}
      required
    />
  );
}
