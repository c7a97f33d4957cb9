// For integration tests: a tiny DNS server on the lab link's own address (the root side of the lab engine's
// link, 10.211.N.1) that answers every question NXDOMAIN, so a container started with `--dns <that address>`
// meets a real "no such name" from an outside server (the lab's engines otherwise forward to an address that
// never answers). Traffic stays on the lab link.

import { execFileSync } from "node:child_process";
import dgram from "node:dgram";

/** The root-side address of the lab link of the engine at DOCKER_HOST (nl-<slot>). */
export function labLinkAddress(dockerHost = process.env.DOCKER_HOST ?? ""): string {
  const slot = /^unix:\/\/\/run\/netatlas-lab\/([a-z0-9-]+)\/docker\.sock$/.exec(dockerHost)?.[1];
  if (!slot) throw new Error(`not a lab engine: ${dockerHost}`);
  const out = execFileSync("ip", ["-4", "-o", "addr", "show", "dev", `nl-${slot}`], { encoding: "utf8" });
  const address = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(out)?.[1];
  if (!address) throw new Error(`no address on nl-${slot}`);
  return address;
}

export interface DnsResponder {
  address: string;
  /** Questions seen, as "name type". */
  questions: string[];
  close(): Promise<void>;
}

function questionName(msg: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at] as number;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString("latin1"));
    at += len + 1;
  }
  return { name: labels.join("."), end: at + 5 };
}

export async function nxdomainResponder(address: string): Promise<DnsResponder> {
  const socket = dgram.createSocket("udp4");
  const questions: string[] = [];
  socket.on("message", (msg, from) => {
    if (msg.length < 17) return;
    const { name, end } = questionName(msg);
    questions.push(`${name} ${msg.readUInt16BE(end - 4)}`);
    const reply = Buffer.from(msg.subarray(0, end));
    // QR, opcode as asked, RD as asked, RA; RCODE 3 (NXDOMAIN); one question, no answers.
    reply[2] = 0x80 | ((msg[2] as number) & 0x79);
    reply[3] = 0x83;
    reply.writeUInt16BE(1, 4);
    reply.writeUInt32BE(0, 6);
    reply.writeUInt16BE(0, 10);
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(53, address, () => resolve());
  });
  return {
    address,
    questions,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
