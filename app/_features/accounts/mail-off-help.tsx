import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/components/ui/card";

/** Without mail, the way back in is an administrator; say who and what they do. */
export async function MailOffHelp({ admins }: { admins: { displayName: string; organisation: string }[] }) {
  const t = await getTranslations("recovery");
  return (
    <Alert tone="info">
      <p className="font-medium">{t("mailOffTitle")}</p>
      <p className="mt-1">{t("mailOff")}</p>
      {admins.length > 0 ? (
        <p className="mt-2" data-testid="admin-contacts">
          {t("adminsLabel")}{" "}
          {admins
            .map((admin) => (admin.organisation ? `${admin.displayName} (${admin.organisation})` : admin.displayName))
            .join("、")}
        </p>
      ) : null}
    </Alert>
  );
}
