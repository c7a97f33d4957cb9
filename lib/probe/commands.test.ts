// What each probe runs: options first, the validated target last, limits applied, and the docker command shown.
import { describe, expect, it } from "vitest";
import { probeBody } from "@/lib/api/probes";
import { busyboxArgs, probeCommand } from "./commands";

const body = (b: Record<string, unknown>) => probeBody.parse({ container: "web", ...b });

describe("probe commands", () => {
  it("ping: count and a deadline inside the 10 s", () => {
    expect(busyboxArgs(body({ kind: "ping", target: "10.0.0.2", count: 10 }), 9)).toEqual([
      "ping",
      "-c",
      "10",
      "-W",
      "1",
      "-w",
      "9",
      "10.0.0.2",
    ]);
    expect(busyboxArgs(body({ kind: "ping", target: "db" }), 9)).toEqual([
      "ping",
      "-c",
      "3",
      "-W",
      "1",
      "-w",
      "4",
      "db",
    ]);
  });

  it("trace, tcp, dns; http needs the host; throughput has no helper command", () => {
    expect(busyboxArgs(body({ kind: "trace", target: "db" }), 9)).toEqual([
      "traceroute",
      "-n",
      "-m",
      "20",
      "-w",
      "1",
      "-q",
      "1",
      "db",
    ]);
    expect(busyboxArgs(body({ kind: "tcp", target: "db", port: 5432 }), 9)).toEqual([
      "nc",
      "-w",
      "5",
      "db",
      "5432",
      "-e",
      "true",
    ]);
    expect(busyboxArgs(body({ kind: "dns", target: "db" }), 9)).toEqual(["nslookup", "db"]);
    expect(busyboxArgs(body({ kind: "throughput", target: "db" }), 9)).toBeNull();
  });

  it("the docker command: docker exec for nsenter, docker run --network container: for a helper", () => {
    const p = body({ kind: "ping", target: "db", count: 2 });
    expect(probeCommand(p, "web", { method: "nsenter", image: "x", deadline: 9 })).toBe(
      "docker exec web ping -c 2 -W 1 -w 3 db",
    );
    expect(
      probeCommand(p, "web", { method: "helper-container", image: "netatlas/busybox:latest", deadline: 7 }),
    ).toBe("docker run --rm --network container:web netatlas/busybox:latest busybox ping -c 2 -W 1 -w 3 db");
    const h = body({ kind: "http", target: "db", https: true, path: "/a?b=c&d" });
    expect(probeCommand(h, "web", { method: "nsenter", image: "x", deadline: 9 })).toBe(
      "docker exec web wget -S -O - -T 5 --no-check-certificate 'https://db:443/a?b=c&d'",
    );
  });

  it("options and shell words never reach a command: the schema refuses them first", () => {
    for (const target of ["-f", "--help", "a;b", "$(x)", "a b", "`id`"]) {
      expect(probeBody.safeParse({ kind: "ping", container: "web", target }).success, target).toBe(false);
    }
    expect(probeBody.safeParse({ kind: "ping", container: "web", target: "db", count: 11 }).success).toBe(
      false,
    );
  });
});
