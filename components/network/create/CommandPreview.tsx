// The docker CLI command the form amounts to, live, with a "Copy command" button: so a person can run the
// same thing in a terminal, or paste it into their notes, and learn the CLI while using the dashboard.
import { useRef, useState } from "react";
import { CliHint } from "../../Fields";

/** Selects the command (not the "$ " prompt before it) so that Ctrl+C copies it. */
function selectCommand(box: HTMLElement | null): boolean {
  const pre = box?.querySelector("pre");
  const selection = window.getSelection();
  if (!pre || !selection) return false;
  const range = document.createRange();
  range.selectNodeContents(pre);
  const prompt = pre.firstElementChild;
  if (prompt) range.setStartAfter(prompt);
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}

export function CommandPreview({ command, caption }: { command: string; caption?: string }) {
  const box = useRef<HTMLDivElement>(null);
  // What the last copy did, for the command it did it to: a changed command makes "Copied." untrue.
  const [said, setSaid] = useState({ text: "", command: "" });
  const say = (text: string) => setSaid({ text, command });

  const copy = async () => {
    try {
      // Only in a secure context (https or localhost): a dashboard on http://lan-address has no clipboard API.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(command);
      say("Copied.");
    } catch {
      say(selectCommand(box.current) ? "Selected: press Ctrl+C (⌘C) to copy." : "Could not copy.");
    }
  };

  return (
    <div ref={box} className="flex items-end gap-2">
      <div className="min-w-0 flex-1">
        <CliHint command={command} caption={caption} />
      </div>
      <div className="flex shrink-0 flex-col items-end gap-0.5">
        {/* aria-live, not role=status: the form's one status is the "Created network" message. */}
        <span aria-live="polite" className="text-xs text-slate-500">
          {said.command === command ? said.text : ""}
        </span>
        <button type="button" className="rounded border px-2 py-1 text-xs" onClick={copy}>
          Copy command
        </button>
      </div>
    </div>
  );
}
