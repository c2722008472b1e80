"use client";
import type { ReactNode } from "react";
import { SelectInput } from "./field";

/**
 * The filter bar above a list (projects, achievements, talent, the decision register). Its fields
 * write the URL as they change, so the form has nothing to submit; `columns` sets the grid per width.
 */
export function FilterBar({ columns, children }: { columns: string; children: ReactNode }) {
  return (
    <form
      role="search"
      onSubmit={(e) => e.preventDefault()}
      className={`grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${columns}`}
    >
      {children}
    </form>
  );
}

/** One labelled filter; the label wraps its control, so no ids are needed. */
export function FilterField({
  label,
  hint,
  className = "",
  children,
}: {
  label: string;
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`space-y-1 text-sm ${className}`}>
      <label className="block space-y-1">
        <span className="block font-medium text-slate-700">{label}</span>
        {children}
      </label>
      {/* Outside the label, so the control's name stays the label alone. */}
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/** A choice among `options` (or `children` option elements), "any" first; choosing it passes "" to `onChange`. */
export function FilterChoice({
  label,
  anyLabel,
  value,
  onChange,
  className,
  options,
  children,
}: {
  label: string;
  anyLabel: string;
  value: string | number | null;
  onChange: (value: string) => void;
  className?: string;
  options?: readonly { value: string | number; label: string }[];
  children?: ReactNode;
}) {
  return (
    <FilterField label={label} className={className}>
      <SelectInput value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {children}
      </SelectInput>
    </FilterField>
  );
}
