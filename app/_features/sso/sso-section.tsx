"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Button } from "@/app/components/ui/button";
import { Alert, EmptyState, Skeleton } from "@/app/components/ui/card";
import { useConfirm } from "@/app/components/ui/confirm-dialog";
import { signInRedirect } from "@/app/lib/auth-client";
import { describeError } from "@/app/lib/errors";
import { useTRPC } from "@/app/lib/trpc";

/**
 * The profile page's single sign-on: which providers are linked, and linking one (a short-lived
 * intent on the server, then a sign-in through the provider that links instead of signing in).
 */
export function SsoSection({ outcome }: { outcome: string | null }) {
  const t = useTranslations("sso");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const format = useFormatter();
  const confirm = useConfirm();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.sso.mine.queryOptions());
  const startLink = useMutation(
    trpc.sso.startLink.mutationOptions({
      onSuccess: (_result, input) => void signInRedirect(input.providerId, "/me#sso"),
    }),
  );
  const unlink = useMutation(
    trpc.sso.unlink.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.sso.mine.queryKey() }),
    }),
  );
  const error = startLink.error ?? unlink.error;

  return (
    <section aria-labelledby="sso-title" id="sso" className="scroll-mt-20">
      <h2 id="sso-title" className="font-semibold">
        {t("me.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("me.description")}</p>
      <div className="mt-3 space-y-3">
        {outcome === "linked" ? <Alert tone="success">{t("me.linkedNow")}</Alert> : null}
        {outcome && outcome !== "linked" ? (
          <Alert>{t.has(`errors.${outcome}`) ? t(`errors.${outcome}`) : tErrors("unknown")}</Alert>
        ) : null}
        {error ? <Alert>{describeError(error, tErrors)}</Alert> : null}
        {mine.isPending ? (
          <Skeleton lines={2} />
        ) : mine.error ? (
          <Alert>{describeError(mine.error, tErrors)}</Alert>
        ) : mine.data.length === 0 ? (
          <EmptyState title={t("me.none")} />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="sso-identities">
            {mine.data.map((row) => {
              const label = locale === "en" ? row.label.en : row.label["zh-CN"];
              return (
                <li key={row.providerId} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <div className="min-w-0">
                    <p className="font-medium">{label}</p>
                    <p className="text-xs text-slate-500">
                      {row.linkedAt ? (
                        <>
                          {t("me.linked", { date: format.dateTime(row.linkedAt, { dateStyle: "medium" }) })}
                          {row.lastSignInAt
                            ? ` · ${t("me.lastUsed", { date: format.dateTime(row.lastSignInAt, { dateStyle: "medium", timeStyle: "short" }) })}`
                            : null}
                        </>
                      ) : (
                        t("me.notLinked")
                      )}
                    </p>
                  </div>
                  {row.linkedAt ? (
                    <div className="flex items-center gap-2">
                      <Button
                        size="sm"
                        variant="danger"
                        busy={unlink.isPending && unlink.variables?.providerId === row.providerId}
                        onClick={async () => {
                          if (await confirm({ message: t("me.unlinkConfirm", { provider: label }), tone: "danger" }))
                            unlink.mutate({ providerId: row.providerId });
                        }}
                        data-testid={`sso-unlink-${row.providerId}`}
                      >
                        {t("me.unlink")}
                      </Button>
                    </div>
                  ) : (
                    <Button
                      size="sm"
                      variant="secondary"
                      busy={startLink.isPending && startLink.variables?.providerId === row.providerId}
                      onClick={() => startLink.mutate({ providerId: row.providerId })}
                      data-testid={`sso-link-${row.providerId}`}
                    >
                      {t("me.link")}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <p className="text-xs text-slate-500">{t("me.passwordHint")}</p>
      </div>
    </section>
  );
}
