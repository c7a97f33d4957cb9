// The read path's transport to an ssh:// engine: one SSH connection per engine, kept open while it is used, and
// an HTTP keep-alive agent whose "sockets" are `docker system dial-stdio` channels on it. docker-modem (dockerode)
// opens a new SSH connection, with its key exchange, for every single request; a map read is dozens of requests
// (a list, then every container inspected), so each would pay a handshake. Here the handshake is paid once and
// each channel carries request after request.
import "server-only";
import http from "node:http";
import type { Duplex } from "node:stream";
import { Client, type ConnectConfig } from "ssh2";

/** OpenSSH's default MaxSessions is 10 channels per connection; the events stream uses its own connection. */
const MAX_CHANNELS = 8;
/** A connection with no open channel for this long is closed (the next read opens another). */
const IDLE_CLOSE_MS = 30_000;

/** What Node's HTTP agent asks of a socket beyond a Duplex; an SSH channel has no TCP options to set. */
function asSocket(channel: Duplex): Duplex {
  const self = channel as Duplex & Record<string, unknown>;
  for (const name of ["setKeepAlive", "setNoDelay", "setTimeout", "ref", "unref"]) {
    if (typeof self[name] !== "function") self[name] = () => channel;
  }
  return channel;
}

export function sshHttpAgent(config: ConnectConfig): http.Agent {
  let ready: Promise<Client> | null = null;
  let open = 0;
  let idle: ReturnType<typeof setTimeout> | null = null;

  const connect = (): Promise<Client> => {
    ready ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      client
        .once("ready", () => resolve(client))
        .once("error", (err) => {
          ready = null;
          reject(err);
        })
        .once("close", () => {
          ready = null;
          agent.destroy();
        })
        .connect(config);
    });
    return ready;
  };

  const settle = (client: Client) => {
    open--;
    if (open > 0) return;
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      if (open === 0) client.end();
    }, IDLE_CLOSE_MS);
    idle.unref();
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_CHANNELS, maxFreeSockets: MAX_CHANNELS });
  // Node's agent takes a callback-style createConnection (a socket made later) when it returns undefined.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _options: unknown,
    done: (err: Error | null, socket?: Duplex) => void,
  ) => {
    connect().then(
      (client) =>
        client.exec("docker system dial-stdio", (err, channel) => {
          if (err) return done(err);
          open++;
          if (idle) clearTimeout(idle);
          channel.once("close", () => settle(client));
          done(null, asSocket(channel));
        }),
      (err: Error) => done(err),
    );
    return undefined;
  };
  return agent;
}
