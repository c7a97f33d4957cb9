// Unknown addresses: say so and point back to the map.
import Link from "next/link";

export default function NotFound() {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">No such page</h1>
      <p className="mt-2 text-sm">
        Netatlas has the{" "}
        <Link className="text-blue-700 hover:underline" href="/">
          map
        </Link>
        , the{" "}
        <Link className="text-blue-700 hover:underline" href="/networks">
          networks
        </Link>{" "}
        and the{" "}
        <Link className="text-blue-700 hover:underline" href="/containers">
          containers
        </Link>
        .
      </p>
    </div>
  );
}
