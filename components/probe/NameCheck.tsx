"use client";
// "Check" beside a name the model says a container can use: a DNS lookup from that container, compared with
// what the model says the name gives. Serializable props only, so server-rendered tables can use it too.
import { judgeName, probeForName } from "@/lib/analysis/probe-check";
import type { NameAnswerDto, PartyDto } from "@/lib/api/reach";
import { ProbeCheck } from "./ProbeCheck";

export function NameCheck({ from, name }: { from: PartyDto; name: NameAnswerDto }) {
  const probe = probeForName(from, name);
  if (!probe) return null;
  return <ProbeCheck probe={probe} judge={(result) => judgeName(name, result)} label="Check" />;
}
