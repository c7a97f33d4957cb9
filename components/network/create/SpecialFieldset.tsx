// The form's "Swarm and special" section: scope, ingress, and config-only networks (settings kept for
// others, taken with --config-from, e.g. one macvlan per swarm node); rarely needed, so it comes last.
import type { NetworkDto } from "@/lib/api/types";
import { type FormState, SCOPES, type Update } from "./create-body";
import { FIELDSET, FieldRow, GRID, INPUT, LEGEND, type ProblemsOf } from "./FieldRow";

export function SpecialFieldset({
  state,
  update,
  networks,
  problems,
}: {
  state: FormState;
  update: Update;
  /** The chosen engine's networks: the config-only ones are offered for "Config from". */
  networks: NetworkDto[];
  problems: ProblemsOf;
}) {
  const configOnly = networks.filter((n) => n.configOnly).map((n) => n.name);
  return (
    <fieldset className={FIELDSET}>
      <legend className={LEGEND}>Swarm and special</legend>
      <div className={GRID}>
        <FieldRow
          label="Scope"
          slot="scope"
          help="local: this engine only; swarm: every node of the swarm. Default: the driver's own."
          problems={problems}
        >
          {(control) => (
            <select
              {...control}
              value={state.scope}
              onChange={(e) => update({ scope: e.target.value as FormState["scope"] })}
              className={INPUT}
            >
              <option value="">(default)</option>
              {SCOPES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </FieldRow>
        <FieldRow
          label="Ingress"
          slot="ingress"
          checkbox
          help="The swarm's routing-mesh network for published service ports (overlay; one per swarm)."
          problems={problems}
        >
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={state.ingress}
              onChange={(e) => update({ ingress: e.target.checked })}
            />
          )}
        </FieldRow>
        <FieldRow
          label="Config only"
          slot="configOnly"
          checkbox
          help="Only holds settings (pools, options) for other networks to take with Config from; never has containers."
          problems={problems}
        >
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={state.configOnly}
              onChange={(e) => update({ configOnly: e.target.checked })}
            />
          )}
        </FieldRow>
        <FieldRow
          label="Config from"
          slot="configFrom"
          help={
            configOnly.length
              ? "Take pools and options from a config-only network of this engine."
              : "This engine has no config-only network to take settings from."
          }
          problems={problems}
        >
          {(control) => (
            <select
              {...control}
              value={state.configFrom}
              onChange={(e) => update({ configFrom: e.target.value })}
              className={INPUT}
            >
              <option value="">(none)</option>
              {configOnly.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          )}
        </FieldRow>
      </div>
    </fieldset>
  );
}
