"use client";
import { useTranslations } from "next-intl";
import { recognitionKinds, type RecognitionCounts } from "@/server/features/talent/rules/recognition";

/** A person's cross-regional collaboration counts, one figure per kind. */
export function RecognitionFigures({ counts }: { counts: RecognitionCounts }) {
  const t = useTranslations("talent.recognition");
  return (
    <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="recognition">
      {recognitionKinds.map((kind) => (
        <div key={kind} className="rounded-md bg-slate-50 p-3">
          <dt className="text-xs text-slate-500">{t(`kinds.${kind}`)}</dt>
          <dd className="text-xl font-semibold text-slate-900">{counts[kind]}</dd>
        </div>
      ))}
    </dl>
  );
}
