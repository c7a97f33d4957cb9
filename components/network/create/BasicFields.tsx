// The first inputs of the "New network" form: engine (when there are several), name, driver (or a plugin's),
// internal, attachable (swarm-scoped networks only) and labels: what most networks need and nothing more.
import { attachableApplies, DRIVERS, type FormState, PLUGIN, type Update } from "./create-body";
import { FieldRow, GRID, INPUT, type ProblemsOf } from "./FieldRow";

export function BasicFields({
  state,
  update,
  engines,
  problems,
}: {
  state: FormState;
  update: Update;
  engines: string[];
  problems: ProblemsOf;
}) {
  return (
    // The padding and invisible border of the fieldsets below, so that all inputs line up in one column.
    <div className={`${GRID} border border-transparent px-2`}>
      {engines.length > 1 ? (
        <FieldRow label="Engine" slot="engine" problems={problems}>
          {(control) => (
            <select
              {...control}
              value={state.engine}
              // Another engine's networks are another world: a config-only one picked here is not there.
              onChange={(e) => update({ engine: e.target.value, configFrom: "" })}
              className={INPUT}
            >
              {engines.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </select>
          )}
        </FieldRow>
      ) : null}
      <FieldRow label="Name" slot="name" problems={problems}>
        {(control) => (
          <input
            {...control}
            required
            autoComplete="off"
            spellCheck={false}
            value={state.name}
            onChange={(e) => update({ name: e.target.value })}
            className={INPUT}
          />
        )}
      </FieldRow>
      <FieldRow label="Driver" slot="driver" problems={problems}>
        {(control) => (
          <select
            {...control}
            value={state.driver}
            onChange={(e) => update({ driver: e.target.value })}
            className={INPUT}
          >
            {DRIVERS.map((d) => (
              <option key={d}>{d}</option>
            ))}
            <option value={PLUGIN}>other (plugin)…</option>
          </select>
        )}
      </FieldRow>
      {state.driver === PLUGIN ? (
        <FieldRow
          label="Plugin driver"
          slot="pluginDriver"
          problems={problems}
          help="An installed network plugin's name, as `docker plugin ls` shows it (e.g. weaveworks/net-plugin:latest_release)."
        >
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              spellCheck={false}
              value={state.pluginDriver}
              onChange={(e) => update({ pluginDriver: e.target.value })}
              className={INPUT}
            />
          )}
        </FieldRow>
      ) : null}
      <FieldRow label="Internal (no route outside the network)" slot="internal" checkbox problems={problems}>
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={state.internal}
            onChange={(e) => update({ internal: e.target.checked })}
          />
        )}
      </FieldRow>
      {attachableApplies(state) ? (
        <FieldRow
          label="Attachable (swarm overlay: standalone containers may join)"
          slot="attachable"
          checkbox
          problems={problems}
        >
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={state.attachable}
              onChange={(e) => update({ attachable: e.target.checked })}
            />
          )}
        </FieldRow>
      ) : null}
      <FieldRow label="Labels" slot="labels" problems={problems}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            spellCheck={false}
            placeholder="key=value, one per line"
            value={state.labels}
            onChange={(e) => update({ labels: e.target.value })}
            className={INPUT}
          />
        )}
      </FieldRow>
    </div>
  );
}
