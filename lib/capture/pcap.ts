// Reading a capture (classic pcap, as `tcpdump -w` writes it): the packets' link layer (Ethernet, Linux
// cooked v1 and v2 for `-i any`), IPv4/IPv6, TCP/UDP/ICMP, and DNS over UDP, summed into what a person wants
// to see in the page: conversations, protocols, and the DNS questions and answers seen. Pure: a Buffer in,
// numbers and words out; unit-tested on packets built by hand and on a real capture in the integration test.
import type { CaptureSummary, Conversation } from "@/lib/api/captures";

export interface PcapPacket {
  /** Epoch ms. */
  time: number;
  /** Bytes on the wire (the original length). */
  length: number;
  src: string | null;
  dst: string | null;
  /** "tcp", "udp", "icmp", "icmpv6", "arp", or "ip-<n>" / "ether-<hex>" for others. */
  protocol: string;
  srcPort: number | null;
  dstPort: number | null;
  /** ICMP type (8 echo request, 0 echo reply; 128/129 for ICMPv6). */
  icmpType: number | null;
  dns: DnsMessage | null;
}

export interface DnsMessage {
  id: number;
  response: boolean;
  rcode: number;
  questions: { name: string; type: string }[];
  answers: { name: string; type: string; data: string }[];
}

export interface PcapFile {
  linkType: number;
  packets: PcapPacket[];
  /** Bytes of the file that hold whole records (a file cut mid-record ends before the cut). */
  completeBytes: number;
}

const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_SLL = 113;
const LINK_SLL2 = 276;

const DNS_TYPES: Record<number, string> = {
  1: "A",
  2: "NS",
  5: "CNAME",
  6: "SOA",
  12: "PTR",
  15: "MX",
  16: "TXT",
  28: "AAAA",
  33: "SRV",
};

function ipv4(b: Buffer, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function ipv6(b: Buffer, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(at + i * 2).toString(16));
  // The longest run of zero groups becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** A DNS name at `at` (with compression pointers), and where the name ends in the message. */
function dnsName(msg: Buffer, at: number, depth = 0): { name: string; end: number } {
  const labels: string[] = [];
  let i = at;
  let end = -1;
  for (let guard = 0; guard < 128; guard++) {
    if (i >= msg.length) throw new Error("name past the end");
    const len = msg[i] ?? 0;
    if (len === 0) {
      if (end < 0) end = i + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (depth > 8) throw new Error("too many pointers");
      const pointer = ((len & 0x3f) << 8) | (msg[i + 1] ?? 0);
      if (end < 0) end = i + 2;
      labels.push(dnsName(msg, pointer, depth + 1).name);
      break;
    }
    labels.push(msg.toString("latin1", i + 1, i + 1 + len));
    i += 1 + len;
  }
  return { name: labels.filter(Boolean).join("."), end };
}

/** A DNS message (over UDP, no TCP length prefix); null when it does not read as one. */
export function parseDns(msg: Buffer): DnsMessage | null {
  try {
    if (msg.length < 12) return null;
    const flags = msg.readUInt16BE(2);
    const qd = msg.readUInt16BE(4);
    const an = msg.readUInt16BE(6);
    if (qd > 16 || an > 64) return null;
    let at = 12;
    const questions: DnsMessage["questions"] = [];
    for (let q = 0; q < qd; q++) {
      const { name, end } = dnsName(msg, at);
      const type = msg.readUInt16BE(end);
      questions.push({ name, type: DNS_TYPES[type] ?? String(type) });
      at = end + 4;
    }
    const answers: DnsMessage["answers"] = [];
    for (let a = 0; a < an; a++) {
      const { name, end } = dnsName(msg, at);
      const type = msg.readUInt16BE(end);
      const rdlength = msg.readUInt16BE(end + 8);
      const rdata = end + 10;
      let data = `${rdlength} bytes`;
      if (type === 1 && rdlength === 4) data = ipv4(msg, rdata);
      else if (type === 28 && rdlength === 16) data = ipv6(msg, rdata);
      else if (type === 5 || type === 12 || type === 2) data = dnsName(msg, rdata).name;
      answers.push({ name, type: DNS_TYPES[type] ?? String(type), data });
      at = rdata + rdlength;
    }
    return {
      id: msg.readUInt16BE(0),
      response: (flags & 0x8000) !== 0,
      rcode: flags & 0x0f,
      questions,
      answers,
    };
  } catch {
    return null;
  }
}

/** The network layer onwards of one frame. */
function readIp(b: Buffer, at: number, etherType: number, packet: PcapPacket): void {
  let proto = -1;
  let payload = -1;
  if (etherType === 0x0800 && b.length >= at + 20) {
    const ihl = ((b[at] ?? 0) & 0x0f) * 4;
    proto = b[at + 9] ?? -1;
    packet.src = ipv4(b, at + 12);
    packet.dst = ipv4(b, at + 16);
    payload = at + ihl;
  } else if (etherType === 0x86dd && b.length >= at + 40) {
    proto = b[at + 6] ?? -1;
    packet.src = ipv6(b, at + 8);
    packet.dst = ipv6(b, at + 24);
    payload = at + 40;
  } else if (etherType === 0x0806) {
    packet.protocol = "arp";
    return;
  } else {
    packet.protocol = `ether-${etherType.toString(16)}`;
    return;
  }
  if (proto === 6 || proto === 17) {
    packet.protocol = proto === 6 ? "tcp" : "udp";
    if (b.length >= payload + 4) {
      packet.srcPort = b.readUInt16BE(payload);
      packet.dstPort = b.readUInt16BE(payload + 2);
    }
    if (proto === 17 && (packet.srcPort === 53 || packet.dstPort === 53)) {
      packet.dns = parseDns(b.subarray(payload + 8));
    }
  } else if (proto === 1 || proto === 58) {
    packet.protocol = proto === 1 ? "icmp" : "icmpv6";
    packet.icmpType = b[payload] ?? null;
  } else {
    packet.protocol = `ip-${proto}`;
  }
}

function readFrame(linkType: number, b: Buffer, packet: PcapPacket): void {
  if (linkType === LINK_ETHERNET && b.length >= 14) {
    let type = b.readUInt16BE(12);
    let at = 14;
    if (type === 0x8100 && b.length >= 18) {
      type = b.readUInt16BE(16);
      at = 18;
    }
    readIp(b, at, type, packet);
  } else if (linkType === LINK_SLL && b.length >= 16) {
    readIp(b, 16, b.readUInt16BE(14), packet);
  } else if (linkType === LINK_SLL2 && b.length >= 20) {
    readIp(b, 20, b.readUInt16BE(0), packet);
  } else if (linkType === LINK_RAW && b.length >= 1) {
    readIp(b, 0, (b[0] ?? 0) >> 4 === 6 ? 0x86dd : 0x0800, packet);
  }
}

/** Reads a pcap file (either byte order, micro- or nanosecond times); throws when it is not one. */
export function readPcap(data: Buffer): PcapFile {
  if (data.length < 24) throw new Error("not a pcap file: shorter than its header");
  const magic = data.readUInt32LE(0);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const big = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!little && !big) throw new Error("not a pcap file (pcapng is not read here)");
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (at: number) => (little ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const linkType = u32(20) & 0x0fffffff;
  const packets: PcapPacket[] = [];
  let at = 24;
  while (at + 16 <= data.length) {
    const seconds = u32(at);
    const fraction = u32(at + 4);
    const captured = u32(at + 8);
    const length = u32(at + 12);
    if (at + 16 + captured > data.length) break;
    const packet: PcapPacket = {
      time: seconds * 1000 + (nano ? fraction / 1e6 : fraction / 1e3),
      length,
      src: null,
      dst: null,
      protocol: "unknown",
      srcPort: null,
      dstPort: null,
      icmpType: null,
      dns: null,
    };
    readFrame(linkType, data.subarray(at + 16, at + 16 + captured), packet);
    packets.push(packet);
    at += 16 + captured;
  }
  return { linkType, packets, completeBytes: at };
}

const endpointOf = (address: string | null, port: number | null) =>
  address === null
    ? "?"
    : port === null
      ? address
      : address.includes(":")
        ? `[${address}]:${port}`
        : `${address}:${port}`;

/** The page's summary of a capture: per protocol, per conversation (top 50 by bytes), and DNS (first 100). */
export function summarize(file: PcapFile): CaptureSummary {
  const protocols = new Map<string, { packets: number; bytes: number }>();
  const conversations = new Map<string, Conversation>();
  const dns: CaptureSummary["dns"] = [];
  for (const p of file.packets) {
    const proto = protocols.get(p.protocol) ?? { packets: 0, bytes: 0 };
    proto.packets++;
    proto.bytes += p.length;
    protocols.set(p.protocol, proto);
    if (p.src !== null && p.dst !== null) {
      const from = endpointOf(p.src, p.srcPort);
      const to = endpointOf(p.dst, p.dstPort);
      const [a, b] = from <= to ? [from, to] : [to, from];
      const key = `${p.protocol}|${a}|${b}`;
      const c = conversations.get(key) ?? {
        a,
        b,
        protocol: p.protocol,
        packets: 0,
        bytes: 0,
        aToB: 0,
        bToA: 0,
      };
      c.packets++;
      c.bytes += p.length;
      if (from === a) c.aToB++;
      else c.bToA++;
      conversations.set(key, c);
    }
    if (p.dns && dns.length < 100) {
      for (const q of p.dns.questions) {
        dns.push({
          time: p.time,
          from: p.src,
          question: q.name,
          type: q.type,
          answers: p.dns.response ? p.dns.answers.map((a) => a.data) : [],
          rcode: p.dns.response ? p.dns.rcode : null,
        });
      }
    }
  }
  const times = file.packets.map((p) => p.time);
  return {
    packets: file.packets.length,
    bytes: file.packets.reduce((s, p) => s + p.length, 0),
    spanMs: times.length ? Math.round(Math.max(...times) - Math.min(...times)) : 0,
    protocols: [...protocols]
      .map(([protocol, v]) => ({ protocol, ...v }))
      .sort((x, y) => y.packets - x.packets),
    conversations: [...conversations.values()].sort((x, y) => y.bytes - x.bytes).slice(0, 50),
    dns,
  };
}
