import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts, attachments, attachmentVersions, meetings, projects } from "@/db/schema";
import type { AttachmentType } from "@/shared/attachment-vocabulary";
import { storageKeyFor, type FileStorage } from "@/server/infra/storage";

/** A one-page PDF with a few lines of Latin text (the standard Helvetica needs no embedded font). */
function textPdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = [
    "BT /F1 20 Tf 56 780 Td",
    `(${escape(lines[0] ?? "")}) Tj /F1 12 Tf`,
    ...lines.slice(1).map((line) => `0 -22 Td (${escape(line)}) Tj`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out);
}

const agenda = textPdf([
  "YRD Innovation Forum - agenda",
  "09:00  Keynote: a regional innovation community",
  "10:00  Round table: sharing the benefits of transferred results",
  "11:00  Young researchers across regions",
  "12:00  Close",
]);

const transfers = Buffer.from(
  "地区,成果数,许可,转让,作价入股\n上海,42,18,15,9\n杭州,27,11,10,6\n苏州,31,9,14,8\n南京,22,8,9,5\n",
);

const budget = Buffer.from("科目,金额（万元）,承担地区\n设备购置,1200,深圳\n中试运行,800,东莞\n人才互派,300,深圳\n");

/**
 * A few files on the demo's public forum and first public project, so a fresh `npm start` shows the
 * attachments panel, a PDF that opens in the browser and a table that downloads. Runs once.
 */
export async function seedDemoAttachments(db: Db, storage: FileStorage): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(attachments);
  if ((existing?.n ?? 0) > 0) return;
  const [forum] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(eq(meetings.titleZh, "长三角区域创新论坛：科技成果跨区域转化"));
  const [project] = await db
    .select({ id: projects.id, proposerId: projects.proposerId })
    .from(projects)
    .where(inArray(projects.status, ["submitted", "voting", "approved"]))
    .orderBy(projects.id)
    .limit(1);
  const [admin] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, "admin")).limit(1);
  if (!admin) return;
  const files: {
    kind: "meeting" | "project";
    id: number;
    by: number;
    name: string;
    type: AttachmentType;
    bytes: Buffer;
  }[] = [];
  if (forum) {
    files.push({
      kind: "meeting",
      id: forum.id,
      by: admin.id,
      name: "论坛议程 Forum agenda.pdf",
      type: "pdf",
      bytes: agenda,
    });
    files.push({
      kind: "meeting",
      id: forum.id,
      by: admin.id,
      name: "长三角成果转化统计.csv",
      type: "csv",
      bytes: transfers,
    });
  }
  if (project)
    files.push({
      kind: "project",
      id: project.id,
      by: project.proposerId,
      name: "预算分解.csv",
      type: "csv",
      bytes: budget,
    });

  const folder = await mkdtemp(path.join(tmpdir(), "xietong-demo-files-"));
  try {
    for (const file of files) {
      const sha256 = createHash("sha256").update(file.bytes).digest("hex");
      const source = path.join(folder, sha256);
      await writeFile(source, file.bytes);
      const key = storageKeyFor(sha256);
      await storage.put(key, source, sha256);
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(attachments)
          .values({ parentKind: file.kind, parentId: file.id, name: file.name, type: file.type, createdById: file.by })
          .returning({ id: attachments.id });
        await tx.insert(attachmentVersions).values({
          attachmentId: row!.id,
          version: 1,
          name: file.name,
          type: file.type,
          sizeBytes: file.bytes.length,
          sha256,
          storageKey: key,
          uploadedById: file.by,
        });
      });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
