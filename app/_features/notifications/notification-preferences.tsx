"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { emailModes, type EmailMode, type NotificationKind } from "@/shared/notification-kinds";
import { Alert, Skeleton } from "@/app/components/ui/card";
import { SelectInput } from "@/app/components/ui/field";
import { describeError } from "@/app/lib/errors";
import { useTRPC } from "@/app/lib/trpc";

/** Per kind: shown in the app or not, and email off / at once / daily digest (only when the server sends mail). */
export function NotificationPreferences() {
  const t = useTranslations("notifications");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  const save = useMutation(
    trpc.notifications.setPreference.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.notifications.preferences.queryKey() }),
    }),
  );
  if (prefs.isPending) return <Skeleton lines={6} />;
  if (prefs.error) return <Alert>{describeError(prefs.error, tErrors)}</Alert>;
  const { emailEnabled, kinds } = prefs.data;
  const change = (kind: NotificationKind, inApp: boolean, email: EmailMode) => save.mutate({ kind, inApp, email });
  return (
    <div className="space-y-4">
      {!emailEnabled ? <Alert tone="info">{t("preferences.emailDisabled")}</Alert> : null}
      {save.error ? <Alert>{describeError(save.error, tErrors)}</Alert> : null}
      <table className="w-full text-sm" data-testid="notification-preferences">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("preferences.kind")}
            </th>
            <th scope="col" className="px-2 py-2 text-center font-medium">
              {t("preferences.inApp")}
            </th>
            <th scope="col" className="py-2 pl-2 font-medium">
              {t("preferences.email")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {kinds.map((row) => (
            <tr key={row.kind}>
              <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-800">
                {t(`kindNames.${row.kind}`)}
              </th>
              <td className="px-2 py-2 text-center">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={row.inApp}
                  aria-label={`${t(`kindNames.${row.kind}`)}: ${t("preferences.inApp")}`}
                  onChange={(e) => change(row.kind, e.target.checked, row.email)}
                />
              </td>
              <td className="min-w-32 py-2 pl-2">
                <SelectInput
                  value={row.email}
                  disabled={!emailEnabled}
                  aria-label={`${t(`kindNames.${row.kind}`)}: ${t("preferences.email")}`}
                  onChange={(e) => change(row.kind, row.inApp, e.target.value as EmailMode)}
                >
                  {emailModes.map((mode) => (
                    <option key={mode} value={mode}>
                      {t(`preferences.emailModes.${mode}`)}
                    </option>
                  ))}
                </SelectInput>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
