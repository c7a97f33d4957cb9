// A step's narration, Markdown-lite as lab files write it: blank lines part paragraphs, `code` is code and
// **this** is bold. Nothing else is interpreted (no HTML from a lab file reaches the page).
export function Narration({ text, className = "" }: { text: string; className?: string }) {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " "));
  return (
    <div className={`space-y-2 ${className}`}>
      {paragraphs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text, never reordered
        <p key={i}>
          {p.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, j) =>
            part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed paragraph
              <code key={j} className="rounded bg-slate-100 px-1 font-mono text-[0.92em]">
                {part.slice(1, -1)}
              </code>
            ) : part.startsWith("**") && part.endsWith("**") && part.length > 4 ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed paragraph
              <strong key={j}>{part.slice(2, -2)}</strong>
            ) : (
              part
            ),
          )}
        </p>
      ))}
    </div>
  );
}
