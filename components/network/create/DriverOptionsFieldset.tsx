// The form's "Driver options" (one input per option Netatlas knows for the chosen driver, with what it does)
// and "Advanced: other options" (any key=value, sent only when the person says they know what they send).
import type { KnownOption } from "@/lib/api/networks";
import { FLAG_ON, type FormState, optionsOf, PLUGIN, type Update } from "./create-body";
import { type ControlProps, FIELDSET, FieldRow, GRID, INPUT, LEGEND, type ProblemsOf } from "./FieldRow";

function OptionControl({
  option,
  value,
  set,
  control,
}: {
  option: KnownOption;
  value: string;
  set: (value: string) => void;
  control: ControlProps;
}) {
  switch (option.kind) {
    case "flag":
      return (
        <input
          {...control}
          type="checkbox"
          checked={value === FLAG_ON}
          onChange={(e) => set(e.target.checked ? FLAG_ON : "")}
        />
      );
    case "bool":
    case "enum":
      return (
        <select {...control} value={value} onChange={(e) => set(e.target.value)} className={INPUT}>
          <option value="">(default)</option>
          {(option.kind === "bool" ? ["true", "false"] : (option.values ?? [])).map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      );
    default:
      return (
        <input
          {...control}
          autoComplete="off"
          spellCheck={false}
          // Text, not type=number: a browser empties a number input it cannot read, hiding the mistake.
          inputMode={option.kind === "number" ? "numeric" : undefined}
          placeholder="not set"
          value={value}
          onChange={(e) => set(e.target.value)}
          className={INPUT}
        />
      );
  }
}

export function DriverOptionsFieldset({
  state,
  update,
  problems,
}: {
  state: FormState;
  update: Update;
  problems: ProblemsOf;
}) {
  const options = optionsOf(state);
  const set = (key: string, value: string) => update({ known: { ...state.known, [key]: value } });
  const unsent = !state.advanced && state.otherOptions.trim() !== "";
  return (
    <>
      <fieldset className={FIELDSET}>
        <legend className={LEGEND}>Driver options</legend>
        {options.length ? (
          <div className={GRID}>
            {options.map((option) => (
              <FieldRow
                key={option.key}
                label={option.title}
                slot={`options.${option.key}`}
                checkbox={option.kind === "flag"}
                help={
                  <>
                    <code className="text-slate-600">{option.key}</code>: {option.help}
                  </>
                }
                problems={problems}
              >
                {(control) => (
                  <OptionControl
                    option={option}
                    value={state.known[option.key] ?? ""}
                    set={(value) => set(option.key, value)}
                    control={control}
                  />
                )}
              </FieldRow>
            ))}
          </div>
        ) : (
          <p className="text-xs text-slate-500">
            {state.driver === PLUGIN
              ? "Netatlas knows no options of plugin drivers: give them under Advanced."
              : "Netatlas knows no options of this driver."}
          </p>
        )}
        <p className="mt-2 text-xs text-slate-500">Empty means not set: Docker's default applies.</p>
      </fieldset>
      <fieldset className={FIELDSET}>
        <legend className={LEGEND}>Advanced: other options</legend>
        <div className={GRID}>
          <FieldRow
            label="Advanced (send options Netatlas does not know)"
            slot="advanced"
            checkbox
            help="A plugin's options, or a newer Docker's; Netatlas cannot check them."
            problems={problems}
          >
            {(control) => (
              <input
                {...control}
                type="checkbox"
                checked={state.advanced}
                onChange={(e) => update({ advanced: e.target.checked })}
              />
            )}
          </FieldRow>
          <FieldRow
            label="Other options"
            slot="otherOptions"
            help={
              unsent
                ? "Not sent: tick Advanced to send these."
                : "key=value, one per line (--opt); a bare key is sent with an empty value."
            }
            problems={problems}
          >
            {(control) => (
              <textarea
                {...control}
                rows={2}
                spellCheck={false}
                placeholder="key=value, one per line"
                value={state.otherOptions}
                onChange={(e) => update({ otherOptions: e.target.value })}
                className={INPUT}
              />
            )}
          </FieldRow>
        </div>
      </fieldset>
    </>
  );
}
