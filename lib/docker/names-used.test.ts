// namesUsed: the host names a container's environment and command refer to (URL hosts, host:port words,
// *_HOST-like variables and their lists), never a user, a password or an address, lower-cased, sorted, at most 20.
import { describe, expect, it } from "vitest";
import { namesUsed } from "./names-used";

const fromEnv = (...env: string[]) => namesUsed(env, []);

describe("namesUsed", () => {
  it("finds nothing in nothing", () => {
    expect(namesUsed(null, [])).toEqual([]);
    expect(namesUsed(undefined, [null, undefined, []])).toEqual([]);
    expect(
      fromEnv("PATH=/usr/local/sbin:/usr/local/bin:/usr/bin", "NODE_VERSION=20.11.1", "LANG=C.UTF-8"),
    ).toEqual([]);
  });

  it.each([
    ["API_URL=http://db:80/", ["db"]],
    ["UPSTREAM_URL=https://auth.internal.example/login?next=/", ["auth.internal.example"]],
    ["BROKER=amqp://rabbitmq", ["rabbitmq"]],
    ["CACHE=redis://cache:6379/0", ["cache"]],
    ["JDBC=jdbc:postgresql://pg-primary:5432/app", ["pg-primary"]],
    ["TWO=http://one:1/ and grpc+tls://two_svc:2", ["one", "two_svc"]],
  ])("reads the host of a URL: %s", (entry, names) => {
    expect(fromEnv(entry)).toEqual(names);
  });

  it.each([
    "DATABASE_URL=postgres://app:s3cret@db:5432/app",
    "DATABASE_URL=postgres://app@db/app",
    "REDIS_URL=redis://:s3cret@db:6379",
    "MONGO=mongodb://admin:s3cret@db/?authSource=admin",
  ])("keeps the host of a URL with credentials and never the user or password: %s", (entry) => {
    expect(fromEnv(entry)).toEqual(["db"]);
  });

  it("reads host:port words in values and in the command", () => {
    expect(fromEnv("REDIS_ADDR=cache:6379", "PEERS_LIST=a:1,b:2;c:3 d:4")).toEqual([
      "a",
      "b",
      "c",
      "cache",
      "d",
    ]);
    // Only in variables that hold addresses: another value's "x:1" may be anything (a password, a version).
    expect(fromEnv("CONNECT=cache:6379", "VERSION=release:2024")).toEqual([]);
    expect(namesUsed(null, [["sh", "-c", "wait-for db:5432 -- run"], "nc -z broker:9092"])).toEqual([
      "broker",
      "db",
    ]);
  });

  it("reads URLs in the entrypoint and command, as lists or strings", () => {
    expect(
      namesUsed(null, [
        ["/entrypoint", "--upstream=http://api:8080/"],
        "curl -f http://health-check/ping",
        null,
      ]),
    ).toEqual(["api", "health-check"]);
  });

  it.each([
    ["DB_HOST=postgres", ["postgres"]],
    ["REDIS_ADDR=redis:6379", ["redis"]],
    ["KAFKA_SERVERS=kafka-1:9092,kafka-2:9092", ["kafka-1", "kafka-2"]],
    ["MEMCACHED_HOSTS=mc1 mc2;mc3", ["mc1", "mc2", "mc3"]],
    ["UPSTREAM=backend", ["backend"]],
    ["PEERS=node-a,node-b", ["node-a", "node-b"]],
    ["SMTP_SERVER=mail.example.test", ["mail.example.test"]],
    ["ES_ADDRESSES=es01", ["es01"]],
    ["db_hostname=pg", ["pg"]],
  ])("reads a variable named like a host: %s", (entry, names) => {
    expect(fromEnv(entry)).toEqual(names);
  });

  it("does not read a bare word in a variable that is not named like a host", () => {
    expect(fromEnv("POSTGRES_DB=postgres", "APP_ENV=production", "HOST_PORT=8080", "GHOSTS=ghost")).toEqual(
      [],
    );
  });

  it("ignores addresses, localhost, wildcards and yes/no values", () => {
    expect(
      fromEnv(
        "DB_HOST=10.0.0.5",
        "BIND_ADDR=0.0.0.0:8080",
        "API=http://127.0.0.1:8080/",
        "UPSTREAM=localhost:3000",
        "OTHER=http://LOCALHOST/",
        "PEERS=true,false,yes,no,none",
        "V6=http://[::1]:80/",
      ),
    ).toEqual([]);
  });

  it("lower-cases, drops a trailing dot and removes duplicates", () => {
    expect(
      fromEnv(
        "A=http://DB:80/",
        "DB_HOST=db",
        "B=Db:5432",
        "C_HOST=db.example.test.",
        "D=http://db.example.test/",
      ),
    ).toEqual(["db", "db.example.test"]);
  });

  it("never keeps a user or a password, even one that should have been escaped", () => {
    expect(fromEnv("DATABASE_URL=postgres://app:p@ss@db:5432/app")).toEqual(["db"]);
    expect(fromEnv("DATABASE_URL=postgres://app:pa/ss@db/app")).toEqual(["db"]);
    expect(fromEnv("NEXT=https://web/login?return=user@evil")).toEqual(["web"]);
    // A variable that holds a secret is not read at all.
    expect(fromEnv("DB_PASSWORD=s3cret:2024", "API_TOKEN=https://user:tok@api/", "SECRET_KEY=k:1")).toEqual(
      [],
    );
  });

  it("ignores entries without a name before '='", () => {
    expect(fromEnv("=http://db/", "NOEQUALS http://cache/")).toEqual([]);
  });

  it("answers at most 20 names, the first in order", () => {
    const env = Array.from({ length: 30 }, (_, i) => `SVC_${i}_HOST=svc-${String(i).padStart(2, "0")}`);
    const names = fromEnv(...env);
    expect(names).toHaveLength(20);
    expect(names[0]).toBe("svc-00");
    expect(names[19]).toBe("svc-19");
    expect(names).toEqual([...names].sort());
  });
});
