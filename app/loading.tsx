import { Skeleton } from "./components/ui/card";

export default function Loading() {
  return (
    <div className="space-y-6" aria-busy>
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <Skeleton lines={5} />
    </div>
  );
}
