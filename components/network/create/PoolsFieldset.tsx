// The form's "Addressing" section: IPv6, the IPAM driver and its options, and up to 8 address pools, each
// with subnet, IP range, gateway and aux addresses (--subnet, --ip-range, --gateway, --aux-address). The
// first pool's row is there from the start; left empty, Docker chooses.
import { blankPool, emptyPool, type FormState, MAX_POOLS, type PoolState, type Update } from "./create-body";
import { FIELDSET, FieldRow, GRID, INPUT, LEGEND, type ProblemsOf } from "./FieldRow";

type PoolText = "subnet" | "ipRange" | "gateway";

const POOL_INPUTS: Array<{ leaf: PoolText; label: string; placeholder: string; help: string }> = [
  {
    leaf: "subnet",
    label: "Subnet",
    placeholder: "10.20.0.0/24",
    help: "In CIDR form, e.g. 10.20.0.0/24 (or fd00:20::/64 with IPv6). Empty: Docker picks a free one.",
  },
  {
    leaf: "ipRange",
    label: "IP range",
    placeholder: "10.20.0.128/25",
    help: "Containers get addresses from this part of the subnet only.",
  },
  {
    leaf: "gateway",
    label: "Gateway",
    placeholder: "10.20.0.1",
    help: "The subnet's router address. Empty: Docker takes the subnet's first address.",
  },
];

function PoolRows({
  pool,
  index,
  update,
  problems,
}: {
  pool: PoolState;
  index: number;
  update: (patch: Partial<PoolState>) => void;
  problems: ProblemsOf;
}) {
  const n = index + 1;
  const at = `pools.${index}`;
  return (
    <>
      {POOL_INPUTS.map(({ leaf, label, placeholder, help }) => (
        <FieldRow key={leaf} label={`${label} ${n}`} slot={`${at}.${leaf}`} help={help} problems={problems}>
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              spellCheck={false}
              placeholder={placeholder}
              value={pool[leaf]}
              onChange={(e) => update({ [leaf]: e.target.value })}
              className={INPUT}
            />
          )}
        </FieldRow>
      ))}
      <FieldRow
        label={`Aux addresses ${n}`}
        slot={`${at}.auxAddresses`}
        help="name=address, one per line: addresses Docker must not hand out (a router or NAS already there)."
        problems={problems}
      >
        {(control) => (
          <textarea
            {...control}
            rows={2}
            spellCheck={false}
            placeholder="router=10.20.0.2"
            value={pool.aux}
            onChange={(e) => update({ aux: e.target.value })}
            className={INPUT}
          />
        )}
      </FieldRow>
    </>
  );
}

export function PoolsFieldset({
  state,
  update,
  problems,
}: {
  state: FormState;
  update: Update;
  problems: ProblemsOf;
}) {
  const setPool = (key: number, patch: Partial<PoolState>) =>
    update({ pools: state.pools.map((p) => (p.key === key ? { ...p, ...patch } : p)) });
  const addPool = () =>
    update({ pools: [...state.pools, emptyPool(Math.max(0, ...state.pools.map((p) => p.key)) + 1)] });
  const poolProblems = problems("pools");
  return (
    <fieldset className={FIELDSET}>
      <legend className={LEGEND}>Addressing</legend>
      <div className={GRID}>
        <FieldRow
          label="IPv6"
          slot="ipv6"
          checkbox
          help="Give containers IPv6 addresses too; needed for an IPv6 pool."
          problems={problems}
        >
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={state.ipv6}
              onChange={(e) => update({ ipv6: e.target.checked })}
            />
          )}
        </FieldRow>
        <FieldRow
          label="IPAM driver"
          slot="ipamDriver"
          help="Who hands out addresses; default is Docker's own."
          problems={problems}
        >
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              spellCheck={false}
              value={state.ipamDriver}
              onChange={(e) => update({ ipamDriver: e.target.value })}
              className={INPUT}
            />
          )}
        </FieldRow>
        <FieldRow
          label="IPAM options"
          slot="ipamOptions"
          help="key=value, one per line (--ipam-opt), for the IPAM driver."
          problems={problems}
        >
          {(control) => (
            <textarea
              {...control}
              rows={1}
              spellCheck={false}
              value={state.ipamOptions}
              onChange={(e) => update({ ipamOptions: e.target.value })}
              className={INPUT}
            />
          )}
        </FieldRow>
      </div>
      {state.pools.map((pool, i) => (
        // A group per pool, so "Subnet 2" is read out inside "Pool 2".
        <fieldset key={pool.key} className="mt-2 border-t border-slate-200 pt-2">
          <legend className="sr-only">Pool {i + 1}</legend>
          <div className={GRID}>
            <PoolRows
              pool={pool}
              index={i}
              update={(patch) => setPool(pool.key, patch)}
              problems={problems}
            />
            <span />
            <div>
              <button
                type="button"
                aria-label={`Remove pool ${i + 1}`}
                className="rounded border px-2 py-0.5 text-xs"
                onClick={() => update({ pools: state.pools.filter((p) => p.key !== pool.key) })}
              >
                Remove pool
              </button>
            </div>
          </div>
        </fieldset>
      ))}
      <div className="mt-2 flex items-center gap-2">
        <button
          type="button"
          className="rounded border px-2 py-0.5 text-xs disabled:opacity-50"
          disabled={state.pools.length >= MAX_POOLS}
          onClick={addPool}
        >
          Add pool
        </button>
        <span className="text-xs text-slate-500">
          {state.pools.every(blankPool)
            ? "Nothing typed in a pool: Docker picks a free subnet and its gateway."
            : `${state.pools.length} of at most ${MAX_POOLS} pools.`}
        </span>
      </div>
      {poolProblems.length ? (
        <ul className="mt-1 text-xs text-red-700">
          {poolProblems.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
