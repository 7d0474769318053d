/** A labelled date input (`YYYY-MM-DD`), as the history's filters and the dashboard's custom range use it. */
export function DateField({
  id,
  label,
  value,
  min,
  max,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  /** `YYYY-MM-DD`, or '' for none. */
  readonly value: string;
  readonly min?: string | undefined;
  readonly max?: string | undefined;
  /** The new value; '' when the field was cleared. */
  readonly onChange: (value: string) => void;
}) {
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        min={min}
        max={max}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}
