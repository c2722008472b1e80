"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { Field, SelectInput } from "@/app/components/ui/field";
import { pick } from "@/app/lib/localized";
import { useTRPC } from "@/app/lib/trpc";

/** Where a moved topic goes: the open forums, less the one it is in when that is known. Loads them when shown. */
export function TargetForumField({
  id,
  value,
  onChange,
  currentForumId,
}: {
  id: string;
  value: number | "";
  onChange: (forumId: number | "") => void;
  currentForumId?: number;
}) {
  const t = useTranslations("moderation");
  const locale = useLocale();
  const trpc = useTRPC();
  const forums = useQuery(trpc.forums.list.queryOptions());
  return (
    <Field label={t("targetForum")} htmlFor={id}>
      <SelectInput id={id} value={value} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : "")}>
        <option value="">—</option>
        {(forums.data ?? [])
          .filter((f) => !f.archivedAt && f.id !== currentForumId)
          .map((f) => (
            <option key={f.id} value={f.id}>
              {pick(locale, f, "title")}
            </option>
          ))}
      </SelectInput>
    </Field>
  );
}
