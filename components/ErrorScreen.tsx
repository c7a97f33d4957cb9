// What a person sees when Netatlas cannot show the map: which engine, what we tried, and what to do.
import type { ApiErrorDetail } from "@/lib/api/types";

const ADVICE: Partial<Record<ApiErrorDetail["code"], string[]>> = {
  engine_unreachable: [
    "Start Docker, or point Netatlas at a running engine: DOCKER_HOST=unix:///path/to/docker.sock npm start",
    "As root, `npm run lab -- up` starts a private lab engine (see docs/lab.md).",
  ],
  permission_denied: ["Run Netatlas as root or as a member of the docker group."],
  timeout: ["The engine is up but slow to answer; try again, or check `docker info` on that host."],
};

export function ErrorScreen({ error, title }: { error: ApiErrorDetail; title?: string }) {
  return (
    <div
      role="alert"
      className="mx-auto mt-16 max-w-2xl rounded-lg border border-red-200 bg-white p-6 shadow-sm"
    >
      <h1 className="text-lg font-semibold text-red-700">{title ?? headline(error)}</h1>
      <p className="mt-2 text-sm">{error.message}</p>
      {error.detail ? (
        <p className="mt-2 text-xs text-slate-500">
          Docker said: <code className="font-mono">{error.detail}</code>
        </p>
      ) : null}
      {ADVICE[error.code] ? (
        <ul className="mt-4 list-disc space-y-1 pl-5 text-sm">
          {ADVICE[error.code]?.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p className="mt-4 text-xs text-slate-400">error code: {error.code}</p>
    </div>
  );
}

function headline(error: ApiErrorDetail): string {
  switch (error.code) {
    case "forbidden":
    case "read_only":
      return "Not allowed here";
    case "engine_unreachable":
      return "No Docker engine answers";
    case "not_found":
      return "Not found";
    case "permission_denied":
      return "Not allowed to use the Docker socket";
    case "timeout":
      return "The Docker engine did not answer in time";
    case "bad_request":
      return "That request is not valid";
    default:
      return "Something went wrong talking to Docker";
  }
}
