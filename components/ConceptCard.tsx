// "What is this?": one closed line per concept under the facts of the selected element ("ⓘ bridge — what is
// this?"); opened, a few plain sentences, the command that makes or shows it (copyable) and the lab that shows it
// on a real engine. Closed by default so the facts stay in view; the data is lib/concepts.ts.
import Link from "next/link";
import { useId, useState } from "react";
import { type ConceptId, concept, LABS } from "@/lib/concepts";
import { CommandPreview } from "./network/create/CommandPreview";

export function ConceptCards({ ids }: { ids: ConceptId[] }) {
  if (ids.length === 0) return null;
  return (
    <section aria-label="What is this?" className="mt-3">
      <ul className="space-y-0.5">
        {ids.map((id) => (
          <li key={id}>
            <ConceptCard id={id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ConceptCard({ id }: { id: ConceptId }) {
  const [open, setOpen] = useState(false);
  const body = useId();
  const k = concept(id);
  return (
    // Open, the card's box reaches out by its padding, so its line stays in line with the closed ones.
    <div className={open ? "-mx-2 my-1 rounded border border-slate-200 bg-slate-50 p-2" : ""}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={body}
        onClick={() => setOpen(!open)}
        className="inline-flex items-baseline gap-1.5 text-left text-sm text-blue-700 hover:underline"
      >
        {/* A drawn ⓘ: the glyph is missing from many fonts (Debian's Chromium showed a box). */}
        <span
          aria-hidden="true"
          className="inline-flex h-3.5 w-3.5 shrink-0 translate-y-[2px] items-center justify-center self-start rounded-full border border-current font-serif text-[10px] font-bold italic leading-none"
        >
          i
        </span>
        {k.title} — what is this?
      </button>
      {open ? (
        <div id={body} className="mt-1 text-sm">
          <p>{k.text.join(" ")}</p>
          <CommandPreview command={k.command} caption="for example" />
          {k.labs.map((lab) => (
            <p key={lab} className="mt-1">
              <Link className="text-blue-700 hover:underline" href={`/labs/${lab}`}>
                Learn it in the lab: {LABS[lab]}
              </Link>
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
