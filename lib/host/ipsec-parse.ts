// IPsec on an engine's host, from `ip xfrm policy` and `ip xfrm state` (text: xfrm has no JSON output). Docker
// encrypts an overlay (--opt encrypted) by installing, per peer, an outgoing policy "VXLAN to <peer> must use ESP
// SPI x" and the security association (state) for that SPI. When the kernel refuses the state (here: no AEAD
// rfc4106(gcm(aes))), the policy stays and every packet to that peer is dropped: Docker only logs a warning.
// Pure.
import type { IpsecDto } from "@/lib/api/hosts";

/** Blocks of `ip xfrm …` output: a line at the margin, then its indented lines. */
function blocks(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    if (/^\s/.test(line) && out.length > 0) out[out.length - 1]?.push(line.trim());
    else out.push([line.trim()]);
  }
  return out;
}

/** Outgoing ESP templates of `ip xfrm policy`, each checked against the states of `ip xfrm state`. */
export function parseIpsec(policyText: string, stateText: string): IpsecDto[] {
  const states = new Set<string>();
  for (const block of blocks(stateText)) {
    const head = /^src (\S+) dst (\S+)/.exec(block[0] ?? "");
    const esp = block.map((l) => /^proto esp spi (0x[0-9a-f]+)/.exec(l)).find(Boolean);
    if (head && esp) states.add(`${head[1]}|${head[2]}|${esp[1]}`);
  }
  const ipsec: IpsecDto[] = [];
  for (const block of blocks(policyText)) {
    if (!block.some((l) => /^dir out\b/.test(l))) continue;
    block.forEach((line, i) => {
      const tmpl = /^tmpl src (\S+) dst (\S+)/.exec(line);
      const esp = /^proto esp spi (0x[0-9a-f]+)/.exec(block[i + 1] ?? "");
      if (!tmpl || !esp) return;
      const [from, to, spi] = [tmpl[1] as string, tmpl[2] as string, esp[1] as string];
      ipsec.push({ from, to, spi, installed: states.has(`${from}|${to}|${spi}`) });
    });
  }
  return ipsec.sort((a, b) => a.to.localeCompare(b.to) || a.spi.localeCompare(b.spi));
}
