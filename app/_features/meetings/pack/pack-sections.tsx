import { getTranslations } from "next-intl/server";
import { StackedBars } from "../../../components/charts/stacked-bars";
import { minCellSize } from "@/server/features/ballots/rules/ballot-secrecy";
import type { RouterOutputs } from "../../../lib/router-types";

export type PackData = RouterOutputs["meetings"]["pack"];
type Digest = PackData["digests"][number];
type RegionName = (id: number) => string;

const muted = "text-sm text-slate-600";
const stanceColors = {
  support: "bg-emerald-500",
  concern: "bg-amber-500",
  question: "bg-sky-500",
  amendment: "bg-violet-500",
} as const;
const stanceKeys = Object.keys(stanceColors) as (keyof typeof stanceColors)[];

/**
 * An agenda item's digest in the pack: its topic's stance counts per region and top amendments, its
 * opinion round's common ground and divisions (only statements, and a headcount of at least three),
 * and its ballot's turnout. The same content as the PDF (pack-pdf.ts), from the same data.
 */
export async function ItemDigest({ digest, region }: { digest: Digest | undefined; region: RegionName }) {
  const [t, tStances] = await Promise.all([getTranslations("meetings.pdf"), getTranslations("stances")]);
  if (!digest) return null;
  const stanceLegend = stanceKeys.map((key) => ({ key, label: tStances(key), color: stanceColors[key] }));
  const turnoutLegend = [
    { key: "voted", label: t("voted"), color: "bg-brand-600" },
    { key: "notVoted", label: t("notVoted"), color: "bg-slate-300" },
  ];
  const { topic, round, ballot } = digest;
  return (
    <div className="mt-1 space-y-2 border-l-2 border-slate-200 pl-3">
      {topic ? (
        <section>
          <h4 className="text-sm font-medium text-slate-900">{t("topic", { title: topic.title })}</h4>
          {topic.stances.length === 0 ? <p className={muted}>{t("noStances")}</p> : null}
          {topic.stances.length > 0 ? (
            <StackedBars
              caption={t("stancesCaption", { title: topic.title })}
              legend={stanceLegend}
              totalLabel={(count) => t("commentsTotal", { count })}
              rows={topic.stances.map((row) => ({
                key: String(row.regionId),
                label: region(row.regionId),
                total: stanceKeys.reduce((sum, key) => sum + row.counts[key], 0),
                segments: stanceLegend.map((item) => ({ ...item, value: row.counts[item.key] })),
              }))}
            />
          ) : null}
          {topic.topAmendments.length > 0 ? (
            <>
              <p className={muted}>{t("topAmendments")}</p>
              <ul className="list-disc pl-5 text-sm text-slate-700">
                {topic.topAmendments.map((a, i) => (
                  <li key={i}>{t("amendmentLine", { text: a.text, support: a.support })}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {round ? (
        <section data-testid="pack-round">
          <h4 className="text-sm font-medium text-slate-900">{t("round", { question: round.question })}</h4>
          <p className={muted}>{round.voters === null ? t("noMap") : t("voters", { count: round.voters })}</p>
          {(
            [
              ["regionConsensus", round.regionConsensus],
              ["consensus", round.consensus],
              ["divisive", round.divisive],
            ] as const
          ).map(([key, list]) =>
            list.length === 0 ? null : (
              <div key={key}>
                <p className={muted}>{t(key)}</p>
                <ul className="list-disc pl-5 text-sm text-slate-700">
                  {list.map((text, i) => (
                    <li key={i}>{text}</li>
                  ))}
                </ul>
              </div>
            ),
          )}
        </section>
      ) : null}
      {ballot ? (
        <section>
          <h4 className="text-sm font-medium text-slate-900">
            {t(ballot.status === "open" ? "ballotOpen" : "ballotClosed", { id: ballot.ballotId })}
          </h4>
          <StackedBars
            caption={t("turnoutCaption")}
            legend={turnoutLegend}
            totalLabel={(count) => t("electorateTotal", { count })}
            rows={ballot.turnout.map((row) => ({
              key: String(row.regionId),
              label: region(row.regionId),
              total: Math.max(row.electorate, row.voted),
              segments: [
                { ...turnoutLegend[0]!, value: row.voted },
                { ...turnoutLegend[1]!, value: Math.max(0, row.electorate - row.voted) },
              ],
            }))}
          />
          <p className={muted}>
            {t("quorums", {
              list: ballot.turnout
                .map((row) => t("quorumOf", { region: region(row.regionId), quorum: row.quorum }))
                .join(t("listSeparator")),
            })}
          </p>
        </section>
      ) : null}
    </div>
  );
}

/** Who is expected and who checked in, per region, and (for signed-in readers) who registered. */
export async function PackAttendance({ pack, region }: { pack: PackData; region: RegionName }) {
  const [t, tPdf] = await Promise.all([getTranslations("meetings.attendance"), getTranslations("meetings.pdf")]);
  return (
    <div className="space-y-2 text-sm">
      <p className="text-slate-600">{t("registeredCount", { count: pack.presence.registered })}</p>
      <ul className="text-slate-700">
        {pack.presence.regions.map((row) => (
          <li key={row.regionId}>
            {tPdf("presenceLine", { region: region(row.regionId), present: row.present, expected: row.expected })}
          </li>
        ))}
      </ul>
      {pack.attendees.length > 0 ? (
        <ul className="list-disc pl-5 text-slate-700">
          {pack.attendees.map((a) => (
            <li key={a.accountId}>
              {region(a.regionId)} ·{" "}
              {tPdf(a.checkedIn ? "attendeeCheckedIn" : "attendee", {
                name: a.mode === "delegate" && a.delegateName ? `${a.delegateName} / ${a.displayName}` : a.displayName,
                mode: t(`modes.${a.mode}`),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The minutes pack's decisions: the record's status, each region's answer (a contest with its reason), and the ballot's result. */
export async function PackDecisions({ pack, region, en }: { pack: PackData; region: RegionName; en: boolean }) {
  const [t, tConfirm, tPdf, tDecisions] = await Promise.all([
    getTranslations("offline"),
    getTranslations("meetings.confirm"),
    getTranslations("meetings.pdf"),
    getTranslations("decisions"),
  ]);
  return (
    <div className="space-y-3">
      {pack.recordStatus ? (
        <p className="text-sm font-medium text-slate-800" data-testid="pack-record-status">
          {t("recordStatus", { status: tConfirm(`recordStatus.${pack.recordStatus}`) })}
        </p>
      ) : null}
      {pack.decisions.length === 0 ? <p className="text-sm text-slate-500">{t("noDecisions")}</p> : null}
      <ul className="space-y-3">
        {pack.decisions.map((d) => (
          <li key={d.id} data-testid="pack-decision">
            <p className="text-xs text-slate-500">{en ? d.itemTitleEn : d.itemTitleZh}</p>
            <p className="text-slate-800">{en ? d.textEn : d.textZh}</p>
            <p className="text-sm text-slate-700">{tConfirm(`recordStatus.${d.recordStatus}`)}</p>
            <ul className="pl-4 text-sm text-slate-700">
              {d.confirmations.map((c) => (
                <li key={c.regionId}>
                  {c.status === "contested" && c.comment
                    ? tPdf("contestedLine", { region: region(c.regionId), comment: c.comment })
                    : tConfirm("regionAnswer", {
                        region: region(c.regionId),
                        answer: tConfirm(`answers.${c.status}`),
                      })}
                </li>
              ))}
            </ul>
            <p className="text-sm text-slate-600">
              {d.ballotId === null
                ? tDecisions("noBallot")
                : d.outcome === null
                  ? tDecisions("ballotOpen")
                  : tDecisions(`outcome.${d.outcome}`)}
            </p>
            {d.outcome !== null ? (
              <ul className="pl-4 text-sm text-slate-700">
                {d.regions.map((r) => (
                  <li key={r.regionId}>
                    {r.suppressed
                      ? tDecisions("regionHidden", { region: region(r.regionId), min: minCellSize })
                      : tDecisions("regionLine", {
                          region: region(r.regionId),
                          verdict: tDecisions(r.agreed ? "agreed" : "notAgreed"),
                          approve: r.approve ?? 0,
                          reject: r.reject ?? 0,
                          abstain: r.abstain ?? 0,
                        })}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
