// A known_hosts text as an admin pastes it: which lines are usable, which hosts they name, what is wrong. The
// matching itself (a host's key against these lines at connect time) is lib/docker/known-hosts.ts. Pure.
const KEY_TYPES = new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
]);

export interface KnownHostsLines {
  /** The host patterns named (hashed entries as "(hashed)"), in order. */
  hosts: string[];
  problems: string[];
}

export function parseKnownHosts(text: string): KnownHostsLines {
  const out: KnownHostsLines = { hosts: [], problems: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const fields = line.split(/\s+/);
    if (fields[0]?.startsWith("@")) fields.shift();
    const [hosts, type, key] = fields;
    const where = `known_hosts line ${i + 1}`;
    if (!hosts || !type || !key) {
      out.problems.push(`${where} should be "host key-type base64-key" (what ssh-keyscan prints).`);
      return;
    }
    if (!KEY_TYPES.has(type)) {
      out.problems.push(`${where}: "${type.slice(0, 40)}" is not an SSH host key type.`);
      return;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
      out.problems.push(`${where}: the key is not base64.`);
      return;
    }
    out.hosts.push(...(hosts.startsWith("|1|") ? ["(hashed)"] : hosts.split(",")));
  });
  return out;
}
