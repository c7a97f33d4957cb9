// The line under a new password's input: the rule said before anyone breaks it, and how far the typing is.
// Pure, so the wording is tested without a browser.
import { PASSWORD_MIN } from "@/lib/api/auth";

export function passwordLengthHint(length: number, min = PASSWORD_MIN): string {
  const rule = `At least ${min} characters`;
  if (length <= 0) return `${rule}.`;
  if (length < min) return `${rule}: ${min - length} more to go.`;
  return `${rule}: ${length}, long enough.`;
}
