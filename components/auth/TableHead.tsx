// The header row of the account, users and audit tables: one column per name, and an unlabelled (for screen
// readers: "Actions") column when the rows carry buttons.
export function TableHead({ columns, actions = false }: { columns: string[]; actions?: boolean }) {
  return (
    <thead>
      <tr className="border-b border-slate-200 text-left">
        {columns.map((h) => (
          <th key={h} scope="col" className="whitespace-nowrap px-2 py-1.5 font-medium">
            {h}
          </th>
        ))}
        {actions ? (
          <th scope="col" className="px-2 py-1.5">
            <span className="sr-only">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
