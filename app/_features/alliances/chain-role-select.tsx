"use client";
import { useTranslations } from "next-intl";
import { chainRoles, type ChainRole } from "@/shared/alliance-vocabulary";
import { SelectInput } from "../../components/ui/field";

/** The eight chain stages in chain order, named in the reader's language. */
export function ChainRoleSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: ChainRole;
  onChange: (role: ChainRole) => void;
}) {
  const t = useTranslations("alliances");
  return (
    <SelectInput id={id} value={value} onChange={(e) => onChange(e.target.value as ChainRole)}>
      {chainRoles.map((role) => (
        <option key={role} value={role}>
          {t(`chain.${role}`)}
        </option>
      ))}
    </SelectInput>
  );
}
