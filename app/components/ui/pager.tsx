import { Button } from "./button";

/** Previous / next for an offset-paged list; the labels come from the caller's catalogue. */
export function Pager({
  offset,
  pageSize,
  total,
  onChange,
  previous,
  next,
}: {
  offset: number;
  pageSize: number;
  total: number;
  onChange: (offset: number) => void;
  previous: string;
  next: string;
}) {
  return (
    <div className="flex justify-between">
      <Button
        variant="secondary"
        size="sm"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - pageSize))}
      >
        {previous}
      </Button>
      <Button
        variant="secondary"
        size="sm"
        disabled={offset + pageSize >= total}
        onClick={() => onChange(offset + pageSize)}
      >
        {next}
      </Button>
    </div>
  );
}
