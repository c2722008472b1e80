export interface BarSegment {
  key: string;
  label: string;
  value: number;
  /** Tailwind background class, e.g. "bg-emerald-500". */
  color: string;
}

export interface BarRow {
  key: string;
  label: string;
  total: number;
  segments: BarSegment[];
}

/** A segment's share of its row, as a whole percentage (a label, not a measure). */
function shareOf(value: number, total: number): string {
  return `${total > 0 ? Math.round((value / total) * 100) : 0}%`;
}

/**
 * Horizontal stacked bars, one row per region: comparable at a glance in a meeting, readable by
 * screen readers through the table that carries the same numbers. Every row is drawn on one scale
 * (the largest total fills the width), so a region of 1 person does not look like a region of 9;
 * shares within a row are labels.
 */
export function StackedBars({
  rows,
  caption,
  legend,
  totalLabel,
  testId,
}: {
  rows: BarRow[];
  caption: string;
  legend: Omit<BarSegment, "value">[];
  totalLabel: (total: number) => string;
  testId?: string;
}) {
  const scale = Math.max(1, ...rows.map((row) => row.total));
  // `relative overflow-hidden` contains the screen-reader table: a table will not shrink to sr-only's
  // 1px width, and unconfined it widened narrow pages.
  return (
    <figure className="relative space-y-3 overflow-hidden" data-testid={testId}>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden>
        {legend.map((item) => (
          <li key={item.key} className="flex items-center gap-1.5">
            <span className={`size-2.5 rounded-sm ${item.color}`} />
            {item.label}
          </li>
        ))}
      </ul>
      <div className="space-y-2" aria-hidden>
        {rows.map((row) => (
          <div key={row.key} className="grid grid-cols-[5.5rem_1fr_3.5rem] items-center gap-2 text-sm">
            <span className="truncate text-slate-700">{row.label}</span>
            <div className="h-4 rounded bg-slate-100">
              <div
                className="flex h-full overflow-hidden rounded transition-[width] duration-500"
                style={{ width: `${(row.total / scale) * 100}%` }}
              >
                {row.segments
                  .filter((segment) => segment.value > 0)
                  .map((segment) => (
                    <div
                      key={segment.key}
                      className={`${segment.color} h-full transition-[width] duration-500`}
                      style={{ width: `${(segment.value / Math.max(row.total, 1)) * 100}%` }}
                      title={`${segment.label}: ${segment.value} (${shareOf(segment.value, row.total)})`}
                    />
                  ))}
              </div>
            </div>
            <span className="text-right text-xs tabular-nums text-slate-500">{totalLabel(row.total)}</span>
          </div>
        ))}
      </div>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {legend.map((item) => (
              <th key={item.key} scope="col">
                {item.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {legend.map((item) => {
                const value = row.segments.find((s) => s.key === item.key)?.value ?? 0;
                return (
                  <td key={item.key}>
                    {value} ({shareOf(value, row.total)})
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="sr-only">{caption}</figcaption>
    </figure>
  );
}
