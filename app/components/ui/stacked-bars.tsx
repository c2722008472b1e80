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

/**
 * Horizontal stacked bars, one row per region: comparable at a glance in a meeting, readable by
 * screen readers through the table that carries the same numbers.
 */
export function StackedBars({ rows, caption, legend, totalLabel }: { rows: BarRow[]; caption: string; legend: Omit<BarSegment, "value">[]; totalLabel: (total: number) => string }) {
  // `relative overflow-hidden` contains the screen-reader table: a table will not shrink to sr-only's
  // 1px width, and unconfined it widened narrow pages.
  return (
    <figure className="relative space-y-3 overflow-hidden">
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
            <div className="flex h-4 overflow-hidden rounded bg-slate-100">
              {row.segments
                .filter((segment) => segment.value > 0)
                .map((segment) => (
                  <div key={segment.key} className={`${segment.color} h-full transition-[width] duration-500`} style={{ width: `${(segment.value / Math.max(row.total, 1)) * 100}%` }} title={`${segment.label}: ${segment.value}`} />
                ))}
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
              {legend.map((item) => (
                <td key={item.key}>{row.segments.find((s) => s.key === item.key)?.value ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="sr-only">{caption}</figcaption>
    </figure>
  );
}
