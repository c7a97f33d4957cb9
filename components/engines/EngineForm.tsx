"use client";
// Adding or changing an engine: its kind (unix socket, TCP with TLS, SSH), id, address and the material that
// kind needs. Files are read in the browser and sent once; a stored engine's material is never sent back, so an
// edit shows what is stored (subjects, fingerprints, expiry) and leaves a file input empty to keep it.
// "Test connection" dials with what the form holds before anything is saved.
import { type FormEvent, useState } from "react";
import type { EngineEntryDto, EngineKind, EngineTestDto } from "@/lib/api/engines";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "../auth/Field";
import { type Problem, problemOf } from "../auth/problem";
import { TestResult } from "./TestResult";

const KINDS: { kind: EngineKind; label: string; placeholder: string }[] = [
  { kind: "unix", label: "Unix socket", placeholder: "unix:///var/run/docker.sock" },
  { kind: "tcp", label: "TCP with TLS", placeholder: "tcp://docker-host.example:2376" },
  { kind: "ssh", label: "SSH", placeholder: "ssh://deploy@docker-host.example" },
];

/** The TLS files of a tcp:// engine, as the docker CLI names them. */
const TLS_FILES = [
  { name: "ca", label: "CA certificate (ca.pem)", hint: "The CA that signed the engine's certificate." },
  { name: "cert", label: "Client certificate (cert.pem)", hint: "Signed by a CA the engine trusts." },
  { name: "key", label: "Client key (key.pem)", hint: "Unencrypted; stored 0600, never shown again." },
] as const;

interface Material {
  ca?: string;
  cert?: string;
  key?: string;
  privateKey?: string;
  knownHosts?: string;
}

/** One material input: a file picker (or, for known_hosts, a text area), with what is stored beneath. */
function MaterialFile({
  label,
  name,
  stored,
  hint,
  error,
  loaded,
  onText,
}: {
  label: string;
  name: keyof Material;
  stored: string | null;
  hint: string;
  error: string | undefined;
  loaded: boolean;
  onText(name: keyof Material, text: string | undefined): void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label className="text-sm font-medium" htmlFor={`engine-${name}`}>
        {label}
      </label>
      <input
        id={`engine-${name}`}
        type="file"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `engine-${name}-problem` : undefined}
        className="text-sm file:mr-2 file:rounded file:border file:border-slate-300 file:bg-white file:px-2 file:py-1"
        onChange={async (e) =>
          onText(name, e.currentTarget.files?.[0] ? await e.currentTarget.files[0].text() : undefined)
        }
      />
      <p className="text-xs text-slate-500">
        {loaded
          ? "New file read; sent when you test or save."
          : stored
            ? `Stored: ${stored}. Choose a file to replace it.`
            : hint}
      </p>
      {error ? (
        <p id={`engine-${name}-problem`} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function storedText(engine: EngineEntryDto | null) {
  const m = engine?.material;
  const cert = (c: { subject: string; notAfter: string } | undefined | null) =>
    c ? `${c.subject} (until ${c.notAfter.slice(0, 10)})` : null;
  return {
    ca: cert(m?.ca[0]),
    cert: cert(m?.cert),
    key: m?.cert ? "the key of that certificate" : null,
    privateKey: m?.sshKey ? `${m.sshKey.type} ${m.sshKey.fingerprint}` : null,
    knownHosts: m?.knownHosts.length ? m.knownHosts.join(", ") : null,
  };
}

export function EngineForm({
  editing,
  prefill,
  submitPath,
  onSaved,
  onCancel,
}: {
  /** The engine being changed; null to add one. */
  editing: EngineEntryDto | null;
  /** Values to start from (an SSH docker context being imported). */
  prefill?: { id: string; address: string; context: string };
  submitPath?: string;
  onSaved(engine: EngineEntryDto): void;
  onCancel(): void;
}) {
  const startAddress = editing?.address ?? prefill?.address ?? "";
  const [kind, setKind] = useState<EngineKind>(
    startAddress.startsWith("ssh://")
      ? "ssh"
      : startAddress.startsWith("tcp://")
        ? "tcp"
        : editing || prefill
          ? "unix"
          : "tcp",
  );
  const [material, setMaterial] = useState<Material>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<"test" | "save" | null>(null);
  const [test, setTest] = useState<EngineTestDto | null>(null);
  const stored = storedText(editing);
  const importing = !!prefill;

  function onText(name: keyof Material, text: string | undefined) {
    setMaterial((m) => ({ ...m, [name]: text }));
  }

  function body(form: FormData) {
    const pick = (...names: (keyof Material)[]) =>
      Object.fromEntries(names.filter((n) => material[n] !== undefined).map((n) => [n, material[n]]));
    const tls = kind === "tcp" ? pick("ca", "cert", "key") : {};
    const knownHosts = String(form.get("knownHosts") ?? "").trim();
    const ssh = kind === "ssh" ? { ...pick("privateKey"), ...(knownHosts ? { knownHosts } : {}) } : {};
    return {
      address: String(form.get("address") ?? "").trim(),
      description: String(form.get("description") ?? "").trim() || undefined,
      ...(Object.keys(tls).length ? { tls } : {}),
      ...(Object.keys(ssh).length ? { ssh } : {}),
    };
  }

  async function run(event: FormEvent<HTMLFormElement>, what: "test" | "save") {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const b = body(form);
    setBusy(what);
    setProblem(null);
    if (what === "test") setTest(null);
    try {
      if (what === "test") {
        const { description: _d, ...rest } = b;
        setTest(
          await api<EngineTestDto>("/api/engines/test", {
            method: "POST",
            body: { ...rest, ...(editing ? { from: editing.id } : {}) },
          }),
        );
      } else if (importing && prefill) {
        const saved = await api<EngineEntryDto>(submitPath ?? "/api/engines/contexts", {
          method: "POST",
          body: {
            context: prefill.context,
            id: String(form.get("id") ?? "").trim(),
            ...(b.ssh ? { ssh: b.ssh } : {}),
          },
        });
        onSaved(saved);
      } else if (editing) {
        onSaved(await api<EngineEntryDto>(`/api/engines/${editing.id}`, { method: "PUT", body: b }));
      } else {
        onSaved(
          await api<EngineEntryDto>("/api/engines", {
            method: "POST",
            body: { ...b, id: String(form.get("id") ?? "").trim() },
          }),
        );
      }
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(null);
    }
  }

  const fields = problem?.fields ?? {};
  const placeholder = KINDS.find((k) => k.kind === kind)?.placeholder;
  const title = editing
    ? `Change engine ${editing.id}`
    : importing
      ? `Import docker context ${prefill?.context}`
      : "Add an engine";
  return (
    <form
      aria-label={title}
      className="mt-3 flex max-w-3xl flex-col gap-3 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        void run(e, submitter?.value === "test" ? "test" : "save");
      }}
    >
      <h2 className="text-base font-semibold">{title}</h2>
      <FormAlert message={problem?.message ?? null} />
      {importing ? null : (
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-1 text-sm font-medium">Kind</legend>
          {KINDS.map((k) => (
            <label key={k.kind} className="flex items-center gap-1">
              <input
                type="radio"
                name="kind"
                value={k.kind}
                checked={kind === k.kind}
                onChange={() => setKind(k.kind)}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[12rem_1fr]">
        <Field
          label="Id"
          name="id"
          defaultValue={editing?.id ?? prefill?.id ?? ""}
          disabled={!!editing}
          required
          error={fields.id}
          hint={editing ? "An engine keeps its id." : "Its name on the map."}
        />
        <Field
          label="Address"
          name="address"
          defaultValue={startAddress}
          readOnly={importing}
          placeholder={placeholder}
          required
          error={fields.address}
          inputClassName="font-mono"
        />
      </div>
      {importing ? null : (
        <Field
          label="Description"
          name="description"
          defaultValue={editing?.description ?? ""}
          error={fields.description}
        />
      )}
      {kind === "tcp" ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          {TLS_FILES.map((f) => (
            <MaterialFile
              key={f.name}
              {...f}
              stored={stored[f.name]}
              error={fields[`tls.${f.name}`]}
              loaded={material[f.name] !== undefined}
              onText={onText}
            />
          ))}
        </div>
      ) : null}
      {kind === "ssh" ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <MaterialFile
            label="Private key"
            name="privateKey"
            stored={stored.privateKey}
            hint="Unencrypted (ed25519, ECDSA or RSA); stored 0600, never shown again."
            error={fields["ssh.privateKey"]}
            loaded={material.privateKey !== undefined}
            onText={onText}
          />
          <div className="flex flex-col gap-1">
            <label className="text-sm font-medium" htmlFor="engine-knownHosts">
              Host key (known_hosts line)
            </label>
            <textarea
              id="engine-knownHosts"
              name="knownHosts"
              rows={3}
              aria-invalid={fields["ssh.knownHosts"] ? true : undefined}
              placeholder="docker-host.example ssh-ed25519 AAAA…"
              className="rounded border border-slate-300 px-2 py-1 font-mono text-xs aria-invalid:border-red-500"
            />
            <p className="text-xs text-slate-500">
              {stored.knownHosts
                ? `Stored for ${stored.knownHosts}; paste to replace.`
                : "What ssh-keyscan prints; checked on every connection."}
            </p>
            {fields["ssh.knownHosts"] ? (
              <p className="text-xs text-red-700">{fields["ssh.knownHosts"]}</p>
            ) : null}
          </div>
        </div>
      ) : null}
      {test ? <TestResult result={test} /> : null}
      <div className="flex gap-2">
        <button
          type="submit"
          value="test"
          className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
          disabled={busy !== null}
        >
          {busy === "test" ? "Testing…" : "Test connection"}
        </button>
        <button type="submit" value="save" className={BUTTON} disabled={busy !== null}>
          {busy === "save" ? "Saving…" : editing ? "Save changes" : importing ? "Import" : "Add engine"}
        </button>
        <button
          type="button"
          onClick={onCancel}
          className="px-3 py-1.5 text-sm text-slate-600 hover:text-slate-900"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
