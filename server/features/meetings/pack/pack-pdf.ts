import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createTranslator, type AbstractIntlMessages } from "next-intl";
import PDFDocument from "pdfkit";
import { catalogues } from "@/i18n/catalogue";
import type { Locale } from "@/shared/vocabulary";
import type { MeetingPack } from "./pack";
import { minCellSize } from "../../ballots/rules/ballot-secrecy";

/**
 * The meeting pack as a PDF (A4), in one language, with Chinese text: the font is Noto Sans CJK SC
 * (OFL) shipped by the `@embedpdf/fonts-sc` npm package, so a fresh machine renders it without system
 * fonts; pdfkit embeds only the glyphs used (fontkit subsets), which keeps a pack at tens of kilobytes.
 */

type Translate = (key: string, values?: Record<string, string | number>) => string;

let fonts: { regular: Buffer; bold: Buffer } | null = null;
/** Read once per process: each file is about 8 MB. Resolved from the project root, as Node resolves it. */
function packFonts() {
  if (!fonts) {
    const entry = createRequire(path.join(process.cwd(), "package.json")).resolve("@embedpdf/fonts-sc");
    const dir = path.join(path.dirname(entry), "..", "fonts");
    fonts = {
      regular: readFileSync(path.join(dir, "NotoSansHans-Regular.otf")),
      bold: readFileSync(path.join(dir, "NotoSansHans-Bold.otf")),
    };
  }
  return fonts;
}

const margin = 56;
const ink = "#0f172a";
const muted = "#475569";

export async function renderPackPdf(pack: MeetingPack, locale: Locale): Promise<Buffer> {
  const translator = createTranslator({ locale, messages: catalogues[locale] as AbstractIntlMessages });
  const t: Translate = (key, values) => translator(key as never, values as never);
  const en = locale === "en";
  const time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });
  const when = (iso: string) => time.format(new Date(iso));
  const regionName = new Map(pack.regions.map((r) => [r.id, en ? r.nameEn : r.nameZh]));
  const region = (id: number) => regionName.get(id) ?? `#${id}`;
  const { meeting } = pack;
  const title = en ? meeting.titleEn : meeting.titleZh;
  const packTitle = t(pack.kind === "minutes" ? "offline.minutesPackTitle" : "offline.agendaPackTitle", { title });

  const { regular, bold } = packFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: margin + 14, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    info: { Title: packTitle, Creator: "Xietong" },
    lang: locale,
  });
  doc.registerFont("body", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const heading = (text: string) =>
    doc.moveDown(0.6).font("bold").fontSize(13).fillColor(ink).text(text, margin).moveDown(0.2);
  const line = (text: string, options: { size?: number; color?: string; indent?: number; bold?: boolean } = {}) =>
    doc
      .font(options.bold ? "bold" : "body")
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? ink)
      .text(text, margin + (options.indent ?? 0), undefined, {
        width: doc.page.width - 2 * margin - (options.indent ?? 0),
      });

  doc.font("bold").fontSize(18).fillColor(ink).text(packTitle);
  doc.moveDown(0.3);
  line(t("meetings.pdf.when", { start: when(meeting.startsAt), end: when(meeting.endsAt) }), { color: muted });
  if (meeting.place) line(t("offline.where", { place: meeting.place }), { color: muted });
  if (meeting.onlineUrl) line(t("offline.online", { url: meeting.onlineUrl }), { color: muted });
  line(t("meetings.pdf.host", { region: region(meeting.hostRegionId) }), { color: muted });
  line(`${t(`meetings.kinds.${meeting.kind}`)} · ${t(`meetings.status.${meeting.status}`)}`, { color: muted });
  const description = en ? meeting.descriptionEn : meeting.descriptionZh;
  if (description) line(description, { size: 10.5 }).moveDown(0.2);

  heading(t("offline.agenda"));
  if (pack.agenda.length === 0) line(t("offline.noAgenda"), { color: muted });
  pack.agenda.forEach((item, index) => {
    const digest = pack.digests.find((d) => d.itemId === item.id);
    doc.moveDown(0.3);
    line(
      `${index + 1}. ${en ? item.titleEn : item.titleZh}  (${t("offline.minutes", { count: item.durationMinutes })})`,
      {
        size: 11,
        bold: true,
      },
    );
    if (item.presenter) line(t("offline.presenter", { name: item.presenter }), { indent: 14, color: muted });
    if (digest?.topic) {
      const topic = digest.topic;
      line(t("meetings.pdf.topic", { title: topic.title }), { indent: 14, bold: true });
      if (topic.stances.length === 0) line(t("meetings.pdf.noStances"), { indent: 28, color: muted });
      for (const row of topic.stances)
        line(t("meetings.pdf.stanceLine", { region: region(row.regionId), ...row.counts }), { indent: 28 });
      if (topic.topAmendments.length > 0) {
        line(t("meetings.pdf.topAmendments"), { indent: 28, color: muted });
        for (const a of topic.topAmendments)
          line(`• ${t("meetings.pdf.amendmentLine", { text: a.text, support: a.support })}`, { indent: 36 });
      }
    }
    if (digest?.round) {
      const round = digest.round;
      line(t("meetings.pdf.round", { question: round.question }), { indent: 14, bold: true });
      line(round.voters === null ? t("meetings.pdf.noMap") : t("meetings.pdf.voters", { count: round.voters }), {
        indent: 28,
        color: muted,
      });
      for (const [key, list] of [
        ["meetings.pdf.regionConsensus", round.regionConsensus],
        ["meetings.pdf.consensus", round.consensus],
        ["meetings.pdf.divisive", round.divisive],
      ] as const) {
        if (list.length === 0) continue;
        line(t(key), { indent: 28, color: muted });
        for (const text of list) line(`• ${text}`, { indent: 36 });
      }
    }
    if (digest?.ballot) {
      const ballot = digest.ballot;
      line(
        t(ballot.status === "open" ? "meetings.pdf.ballotOpen" : "meetings.pdf.ballotClosed", { id: ballot.ballotId }),
        { indent: 14, bold: true },
      );
      for (const row of ballot.turnout)
        line(t("meetings.pdf.turnoutLine", { region: region(row.regionId), ...row }), { indent: 28 });
    }
    if (item.minutes) {
      line(t("meetings.pdf.minutes"), { indent: 14, color: muted });
      line(item.minutes, { indent: 28 });
    }
  });

  heading(t("meetings.pdf.attendance"));
  line(t("meetings.attendance.registeredCount", { count: pack.presence.registered }), { color: muted });
  for (const row of pack.presence.regions)
    line(
      t("meetings.pdf.presenceLine", { region: region(row.regionId), present: row.present, expected: row.expected }),
      { indent: 14 },
    );
  for (const a of pack.attendees)
    line(
      `• ${region(a.regionId)} · ${t(a.checkedIn ? "meetings.pdf.attendeeCheckedIn" : "meetings.pdf.attendee", {
        name: a.mode === "delegate" && a.delegateName ? `${a.delegateName} / ${a.displayName}` : a.displayName,
        mode: t(`meetings.attendance.modes.${a.mode}`),
      })}`,
      { indent: 14 },
    );

  if (pack.kind === "minutes") {
    heading(t("offline.decisions"));
    if (pack.recordStatus)
      line(t("offline.recordStatus", { status: t(`meetings.confirm.recordStatus.${pack.recordStatus}`) }), {
        color: muted,
      });
    if (pack.decisions.length === 0) line(t("offline.noDecisions"), { color: muted });
    for (const d of pack.decisions) {
      doc.moveDown(0.2);
      line(en ? d.itemTitleEn : d.itemTitleZh, { size: 9, color: muted });
      line(en ? d.textEn : d.textZh, { bold: true });
      line(t(`meetings.confirm.recordStatus.${d.recordStatus}`), { indent: 14 });
      for (const c of d.confirmations)
        line(
          c.status === "contested" && c.comment
            ? t("meetings.pdf.contestedLine", { region: region(c.regionId), comment: c.comment })
            : t("meetings.confirm.regionAnswer", {
                region: region(c.regionId),
                answer: t(`meetings.confirm.answers.${c.status}`),
              }),
          { indent: 28 },
        );
      if (d.ballotId === null) line(t("decisions.noBallot"), { indent: 14, color: muted });
      else if (d.outcome === null) line(t("decisions.ballotOpen"), { indent: 14, color: muted });
      else {
        line(t(`decisions.outcome.${d.outcome}`), { indent: 14 });
        for (const r of d.regions)
          line(
            r.suppressed
              ? t("decisions.regionHidden", { region: region(r.regionId), min: minCellSize })
              : t("decisions.regionLine", {
                  region: region(r.regionId),
                  verdict: t(r.agreed ? "decisions.agreed" : "decisions.notAgreed"),
                  approve: r.approve ?? 0,
                  reject: r.reject ?? 0,
                  abstain: r.abstain ?? 0,
                }),
            { indent: 28 },
          );
      }
    }
  }

  heading(t("offline.files"));
  if (pack.files.length === 0) line(t("offline.noFiles"), { color: muted });
  for (const file of pack.files)
    line(`• ${t("meetings.pdf.file", { name: file.name, type: t(`attachments.types.${file.type}`) })}`, { indent: 14 });

  // The header and page numbers, drawn once every page exists (the total is known only then).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing inside the margin must not start a new page
    doc.font("body").fontSize(8).fillColor(muted);
    doc.text(`${t("meetings.pdf.header")} · ${title}`, margin, margin - 14, {
      width: width - 2 * margin,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(t("meetings.pdf.page", { page: i + 1, total: range.count }), margin, height - margin + 16, {
      width: width - 2 * margin,
      align: "center",
      lineBreak: false,
    });
    margins.bottom = bottom;
  }
  doc.end();
  return done;
}
