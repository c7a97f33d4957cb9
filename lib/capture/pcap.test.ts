// The capture reader on packets built byte by byte: Ethernet and Linux cooked (v2) frames, ICMP echo both
// ways, a DNS question and its compressed answer, IPv6, a file cut mid-record, and the summary of it all.
import { describe, expect, it } from "vitest";
import { parseDns, readPcap, summarize } from "./pcap";

function header(linkType: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(262144, 16);
  b.writeUInt32LE(linkType, 20);
  return b;
}

function record(frame: Buffer, seconds: number): Buffer {
  const r = Buffer.alloc(16);
  r.writeUInt32LE(seconds, 0);
  r.writeUInt32LE(500_000, 4);
  r.writeUInt32LE(frame.length, 8);
  r.writeUInt32LE(frame.length, 12);
  return Buffer.concat([r, frame]);
}

const ip = (s: string) => Buffer.from(s.split(".").map(Number));

function ipv4Packet(src: string, dst: string, proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h[8] = 64;
  h[9] = proto;
  ip(src).copy(h, 12);
  ip(dst).copy(h, 16);
  return Buffer.concat([h, payload]);
}

function ethernet(payload: Buffer, type = 0x0800): Buffer {
  const h = Buffer.alloc(14);
  h.writeUInt16BE(type, 12);
  return Buffer.concat([h, payload]);
}

function sll2(payload: Buffer, type = 0x0800): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(type, 0);
  return Buffer.concat([h, payload]);
}

const icmp = (type: number) => Buffer.from([type, 0, 0, 0, 0, 1, 0, 1]);

function udp(src: number, dst: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(src, 0);
  h.writeUInt16BE(dst, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

function name(n: string): Buffer {
  return Buffer.concat([
    ...n.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

function dnsQuery(id: number, qname: string): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(0x0100, 2);
  h.writeUInt16BE(1, 4);
  return Buffer.concat([h, name(qname), Buffer.from([0, 1, 0, 1])]);
}

function dnsAnswer(id: number, qname: string, address: string, rcode = 0): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(0x8180 | rcode, 2);
  h.writeUInt16BE(1, 4);
  h.writeUInt16BE(rcode ? 0 : 1, 6);
  const answer = Buffer.concat([Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 2, 88, 0, 4]), ip(address)]);
  return Buffer.concat([h, name(qname), Buffer.from([0, 1, 0, 1]), rcode ? Buffer.alloc(0) : answer]);
}

describe("readPcap", () => {
  it("reads Ethernet ICMP echo both ways and a DNS exchange", () => {
    const file = Buffer.concat([
      header(1),
      record(ethernet(ipv4Packet("10.9.0.2", "10.9.0.3", 1, icmp(8))), 100),
      record(ethernet(ipv4Packet("10.9.0.3", "10.9.0.2", 1, icmp(0))), 100),
      record(ethernet(ipv4Packet("10.9.0.2", "127.0.0.11", 17, udp(40000, 53, dnsQuery(7, "web.lab")))), 101),
      record(
        ethernet(
          ipv4Packet("127.0.0.11", "10.9.0.2", 17, udp(53, 40000, dnsAnswer(7, "web.lab", "10.9.0.3"))),
        ),
        101,
      ),
    ]);
    const pcap = readPcap(file);
    expect(pcap.packets.map((p) => [p.protocol, p.src, p.dst, p.icmpType])).toEqual([
      ["icmp", "10.9.0.2", "10.9.0.3", 8],
      ["icmp", "10.9.0.3", "10.9.0.2", 0],
      ["udp", "10.9.0.2", "127.0.0.11", null],
      ["udp", "127.0.0.11", "10.9.0.2", null],
    ]);
    expect(pcap.packets[3]?.dns).toEqual({
      id: 7,
      response: true,
      rcode: 0,
      questions: [{ name: "web.lab", type: "A" }],
      answers: [{ name: "web.lab", type: "A", data: "10.9.0.3" }],
    });
    expect(pcap.packets[0]?.time).toBe(100_500);
    const summary = summarize(pcap);
    expect(summary.packets).toBe(4);
    expect(summary.protocols).toEqual([
      { protocol: "icmp", packets: 2, bytes: expect.any(Number) },
      { protocol: "udp", packets: 2, bytes: expect.any(Number) },
    ]);
    expect(summary.conversations.find((c) => c.protocol === "icmp")).toMatchObject({
      a: "10.9.0.2",
      b: "10.9.0.3",
      packets: 2,
      aToB: 1,
      bToA: 1,
    });
    expect(summary.dns).toEqual([
      { time: 101_500, from: "10.9.0.2", question: "web.lab", type: "A", answers: [], rcode: null },
      { time: 101_500, from: "127.0.0.11", question: "web.lab", type: "A", answers: ["10.9.0.3"], rcode: 0 },
    ]);
  });

  it("reads Linux cooked v2 frames (tcpdump -i any) and IPv6", () => {
    const v6 = Buffer.alloc(40);
    v6[0] = 0x60;
    v6[6] = 58;
    Buffer.from("fd000000000000000000000000000002", "hex").copy(v6, 8);
    Buffer.from("fd000000000000000000000000000003", "hex").copy(v6, 24);
    const file = Buffer.concat([
      header(276),
      record(sll2(ipv4Packet("10.9.0.2", "10.9.0.3", 6, Buffer.from([0x9c, 0x40, 0, 80, 0, 0, 0, 0]))), 5),
      record(sll2(Buffer.concat([v6, Buffer.from([128, 0, 0, 0])]), 0x86dd), 5),
    ]);
    const [tcp, ping6] = readPcap(file).packets;
    expect(tcp).toMatchObject({
      protocol: "tcp",
      src: "10.9.0.2",
      dst: "10.9.0.3",
      srcPort: 40000,
      dstPort: 80,
    });
    expect(ping6).toMatchObject({ protocol: "icmpv6", src: "fd00::2", dst: "fd00::3", icmpType: 128 });
  });

  it("stops before a record cut off at the end, and says where the whole records end", () => {
    const whole = Buffer.concat([
      header(1),
      record(ethernet(ipv4Packet("10.9.0.2", "10.9.0.3", 1, icmp(8))), 1),
    ]);
    const cut = Buffer.concat([
      whole,
      record(ethernet(ipv4Packet("10.9.0.3", "10.9.0.2", 1, icmp(0))), 1).subarray(0, 30),
    ]);
    const pcap = readPcap(cut);
    expect(pcap.packets).toHaveLength(1);
    expect(pcap.completeBytes).toBe(whole.length);
  });

  it("refuses what is not a pcap file", () => {
    expect(() => readPcap(Buffer.from("hello, this is not a capture file"))).toThrow(/not a pcap file/);
    expect(() => readPcap(Buffer.alloc(4))).toThrow(/shorter than its header/);
  });
});

describe("parseDns", () => {
  it("reads NXDOMAIN and gives up on garbage without throwing", () => {
    expect(parseDns(dnsAnswer(9, "nope.lab", "0.0.0.0", 3))).toMatchObject({ rcode: 3, answers: [] });
    expect(parseDns(Buffer.from([1, 2, 3]))).toBeNull();
    expect(parseDns(Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c]))).toBeNull();
  });
});
