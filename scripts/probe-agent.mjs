// The probe agent: a small Node program the server runs inside one container's network namespace
// (`nsenter --net=/proc/<pid>/ns/net node scripts/probe-agent.mjs '<json>'`, lib/probe/nsenter.ts), so the probe
// needs nothing in the container's image. No shell: its one argument is JSON, never parsed as options.
// It prints what it does line by line, as a person would read it, then one last line `RESULT <json>` that the
// server parses. Kinds: tcp (connect), http (GET), dns (ask given servers for given names), recv and send
// (the two halves of a throughput test). Every kind ends by itself within its `timeoutMs`.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

const job = JSON.parse(process.argv[2] ?? "{}");
const started = process.hrtime.bigint();
const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
const say = (text) => process.stdout.write(`${text}\n`);
function done(result) {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
}
const round = (ms) => Math.round(ms * 1000) / 1000;

function tcp() {
  const { target, port, timeoutMs } = job;
  say(`connecting to ${target} port ${port}`);
  const socket = net.connect({ host: target, port, family: target.includes(":") ? 6 : 0 });
  const timer = setTimeout(() => {
    socket.destroy();
    say(`no answer within ${timeoutMs / 1000} s`);
    done({ state: "timeout", connectMs: null });
  }, timeoutMs);
  socket.once("connect", () => {
    clearTimeout(timer);
    const ms = round(elapsedMs());
    say(`connected to ${socket.remoteAddress} port ${port} in ${ms} ms`);
    socket.destroy();
    done({ state: "open", connectMs: ms });
  });
  socket.once("error", (err) => {
    clearTimeout(timer);
    say(`${err.code ?? "error"}: ${err.message}`);
    const state =
      err.code === "ECONNREFUSED" ? "refused" : err.code === "ETIMEDOUT" ? "timeout" : "unreachable";
    done({ state, connectMs: null, error: err.code ?? err.message });
  });
}

function httpGet() {
  const { target, hostHeader, port, path, secure, timeoutMs, bodyBytes } = job;
  const host = target.includes(":") ? `[${target}]` : target;
  const url = `${secure ? "https" : "http"}://${host}:${port}${path}`;
  // The name asked for goes in the Host header (and TLS server name); the address was resolved the container's way.
  const named = hostHeader && hostHeader !== target ? hostHeader : null;
  say(`GET ${url}${named ? ` (Host: ${named})` : ""}`);
  const transport = secure ? https : http;
  let finished = false;
  const finish = (result) => {
    if (finished) return;
    finished = true;
    done(result);
  };
  const request = transport.get(
    url,
    {
      timeout: timeoutMs,
      rejectUnauthorized: false,
      ...(named && !named.includes(":") ? { servername: named } : {}),
      headers: {
        "User-Agent": "netatlas-probe",
        ...(named ? { Host: port === (secure ? 443 : 80) ? named : `${named}:${port}` } : {}),
      },
    },
    (response) => {
      const ms = round(elapsedMs());
      say(`HTTP/${response.httpVersion} ${response.statusCode} ${response.statusMessage ?? ""} in ${ms} ms`);
      const headers = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
        say(`${name}: ${headers[name]}`);
      }
      const chunks = [];
      let size = 0;
      const end = () => {
        const body = Buffer.concat(chunks).subarray(0, bodyBytes).toString("utf8");
        finish({ status: response.statusCode ?? null, ms, headers, body, failure: null });
        request.destroy();
      };
      response.on("data", (chunk) => {
        if (size < bodyBytes) chunks.push(chunk);
        size += chunk.length;
        if (size >= bodyBytes) end();
      });
      response.on("end", end);
      response.on("error", end);
    },
  );
  request.on("timeout", () => {
    say(`no answer within ${timeoutMs / 1000} s`);
    request.destroy(new Error("timeout"));
  });
  request.on("error", (err) => {
    if (finished) return;
    const failure = err.message === "timeout" ? "timeout" : `${err.code ?? "error"}: ${err.message}`;
    say(failure);
    finish({ status: null, ms: null, headers: {}, body: "", failure });
  });
}

const RCODES = {
  ENOTFOUND: "NXDOMAIN",
  ENODATA: "NOERROR",
  ESERVFAIL: "SERVFAIL",
  EREFUSED: "REFUSED",
  ETIMEOUT: "TIMEOUT",
  ECONNREFUSED: "REFUSED",
};

async function dnsLookup() {
  const { names, servers, timeoutMs } = job;
  const resolver = new dns.promises.Resolver({ timeout: Math.max(500, Math.floor(timeoutMs / 2)), tries: 1 });
  resolver.setServers(servers);
  let last = { name: names[0], answers: [], rcode: "NXDOMAIN", server: servers[0] ?? null };
  for (const name of names) {
    for (const server of servers) {
      resolver.setServers([server]);
      say(`asking ${server} for ${name}`);
      // A and AAAA together; once A has answers, AAAA gets a moment more (an embedded DNS may forward an AAAA
      // question it has no record for to an outside server that never answers).
      const a = resolver.resolve4(name);
      const aaaa = resolver.resolve6(name);
      const grace = a.then(
        () => new Promise((resolve) => setTimeout(() => resolve([]), 300)),
        () => new Promise(() => undefined),
      );
      const [v4, v6] = await Promise.allSettled([a, Promise.race([aaaa, grace])]);
      const answers = [
        ...(v4.status === "fulfilled" ? v4.value : []),
        ...(v6.status === "fulfilled" ? v6.value : []),
      ];
      const errCode = v4.status === "rejected" ? v4.reason.code : null;
      const rcode = answers.length ? "NOERROR" : (RCODES[errCode] ?? errCode ?? "NOERROR");
      say(answers.length ? `${name}: ${answers.join(", ")}` : `${name}: ${rcode}`);
      last = { name, answers, rcode, server };
      if (answers.length) return done(last);
      // The next server is asked only when this one could not answer (as the C library does).
      if (rcode === "NXDOMAIN" || rcode === "NOERROR") break;
    }
  }
  done(last);
}

function recv() {
  const { timeoutMs } = job;
  let bytes = 0;
  let first = null;
  let last = null;
  const server = net.createServer((socket) => {
    first ??= process.hrtime.bigint();
    socket.on("data", (chunk) => {
      bytes += chunk.length;
      last = process.hrtime.bigint();
    });
    socket.on("end", finish);
    socket.on("error", finish);
  });
  function finish() {
    const seconds = first && last ? Number(last - first) / 1e9 : 0;
    server.close();
    say(`received ${bytes} bytes in ${seconds.toFixed(3)} s`);
    done({ bytes, seconds });
  }
  setTimeout(finish, timeoutMs).unref?.();
  server.listen(0, () => say(`listening on port ${server.address().port}`));
}

function send() {
  const { target, port, seconds, timeoutMs } = job;
  const chunk = Buffer.alloc(64 * 1024);
  let bytes = 0;
  let stop = false;
  say(`sending to ${target} port ${port} for ${seconds} s`);
  const socket = net.connect({ host: target, port });
  const timer = setTimeout(() => {
    say("could not connect");
    socket.destroy();
    done({ bytes: 0, seconds: 0, error: "timeout" });
  }, timeoutMs);
  socket.once("connect", () => {
    clearTimeout(timer);
    const t0 = process.hrtime.bigint();
    setTimeout(() => {
      stop = true;
    }, seconds * 1000);
    const pump = () => {
      while (!stop) {
        bytes += chunk.length;
        if (!socket.write(chunk)) return;
      }
      socket.end(() => {
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        say(`sent ${bytes} bytes in ${s.toFixed(3)} s`);
        done({ bytes, seconds: s });
      });
    };
    socket.on("drain", pump);
    pump();
  });
  socket.on("error", (err) => {
    clearTimeout(timer);
    say(`${err.code ?? "error"}: ${err.message}`);
    done({ bytes, seconds: 0, error: err.code ?? err.message });
  });
}

const kinds = { tcp, http: httpGet, dns: dnsLookup, recv, send };
const run = kinds[job.kind];
if (!run) {
  say(`unknown kind ${job.kind}`);
  process.exit(2);
}
run();
