import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benefitPlans, fundCalls, fundMilestones, fundSubmissions, type Role } from "@/db/schema";
import type { ServiceDeps } from "@/server/infra/deps";
import { localStorage } from "@/server/infra/storage/local-storage";
import { freshRegions, insertAccounts, makeChair } from "@/server/testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";
import { sampleCsv, sampleDoc, sampleDocx, samplePdf, samplePng } from "@/server/testing/sample-files";
import { callFailure } from "@/server/testing/trpc-errors";
import { AppError } from "@/server/errors";
import { restoreBackup, writeBackup } from "@/db/backup";
import { attachmentVersions } from "@/db/schema";
import { backupFilesOf } from "@/server/infra/storage";
import { createTestDatabase } from "@/server/testing/test-database";
import { assertMayUpload, openAttachment, uploadAttachment } from "./attachments";
import type { ParentRef } from "./contract";
import { receiveFile } from "./receive-file";

let services: TestServices;
let deps: ServiceDeps;
let folder: string;
let regionId: (code: string) => number;
const maxBytes = 64 * 1024;

beforeAll(async () => {
  services = await createTestServices();
  folder = await mkdtemp(path.join(tmpdir(), "xietong-attachments-"));
  deps = { ...services.deps, storage: localStorage(folder), attachmentMaxBytes: maxBytes };
  regionId = await regionIdsByCode(deps.db);
});
afterAll(async () => {
  await services?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const as = (who: TestAccount | null) => callerFor(deps, who?.user ?? null);
const account = (role: Role, regionCode = "shenzhen") => createTestAccount(deps.db, { role, regionCode });
const stream = (bytes: Buffer) => new Response(new Uint8Array(bytes)).body;

/** What the upload route does: check, receive, record; the temporary file is always removed. */
async function upload(who: TestAccount, parent: ParentRef, name: string, bytes: Buffer, attachmentId?: number) {
  await assertMayUpload(deps, who.user, parent);
  const file = await receiveFile(stream(bytes), maxBytes);
  try {
    return await uploadAttachment(deps, who.user, { parent, name, attachmentId }, file);
  } finally {
    await file.discard();
  }
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error.reason;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function download(who: TestAccount | null, attachmentId: number, version?: number) {
  const file = await openAttachment(deps, who?.user ?? null, { attachmentId, version, download: false });
  return { headers: file.headers, bytes: Buffer.from(await new Response(file.body).arrayBuffer()) };
}

// Each test builds projects with co-proposers (and one a second database): slow on a shared two-core machine.
describe(`attachments (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, { timeout: 120_000 }, () => {
  it("[FILES] a draft project's files are its proposers' only; versions are kept and each can be downloaded", async () => {
    const proposer = await account("researcher");
    const stranger = await account("researcher", "dongguan");
    const draft = await startProject(deps, proposer, proposalInput(regionId), { submit: false });
    const coauthor = draft.coauthors[0]!;
    const parent = { kind: "project", id: draft.id } as const;

    const first = await upload(proposer, parent, "试点线计划.pdf", samplePdf("v1"));
    expect(first).toMatchObject({ name: "试点线计划.pdf", type: "pdf", latestVersion: 1 });
    expect(first.uploadedBy.id).toBe(proposer.account.id);
    // The live event went to the project's stream after commit, carrying the attachment.
    expect(services.deps.publisher.published.at(-1)).toMatchObject({
      stream: `project:${draft.id}`,
      type: "attachment:added",
      payload: { attachment: { id: first.id } },
    });

    const second = await upload(coauthor, parent, "试点线计划-修订.pdf", samplePdf("v2"), first.id);
    expect(second).toMatchObject({ id: first.id, latestVersion: 2, name: "试点线计划-修订.pdf" });
    const listed = await as(proposer).attachments.list({ parent });
    expect(listed.items.map((i) => [i.id, i.latestVersion])).toEqual([[first.id, 2]]);
    expect(listed.canUpload).toBe(true);
    expect(listed.maxBytes).toBe(maxBytes);
    const versions = await as(coauthor).attachments.versions({ attachmentId: first.id });
    expect(versions.versions.map((v) => [v.version, v.uploadedBy.id])).toEqual([
      [1, proposer.account.id],
      [2, coauthor.account.id],
    ]);
    expect((await download(proposer, first.id, 1)).bytes.toString()).toContain("% v1");
    const latest = await download(coauthor, first.id);
    expect(latest.bytes.toString()).toContain("% v2");
    expect(latest.headers["content-disposition"]).toMatch(/^inline;/);
    expect(latest.headers["x-content-type-options"]).toBe("nosniff");

    // Others get "not found", as for the draft itself: its files do not reveal it exists.
    for (const who of [stranger, null]) {
      expect(await refusal(download(who, first.id))).toBe("NOT_FOUND");
      expect((await callFailure(as(who).attachments.list({ parent }))).code).toBe("NOT_FOUND");
      expect((await callFailure(as(who).attachments.versions({ attachmentId: first.id }))).code).toBe("NOT_FOUND");
    }
    expect(await refusal(upload(stranger, parent, "x.pdf", samplePdf()))).toBe("NOT_FOUND");

    // Once submitted the project is public: anyone reads its files, only its team adds to them.
    await as(proposer).projects.submit({ projectId: draft.id });
    expect((await download(null, first.id, 1)).bytes.toString()).toContain("% v1");
    expect((await as(stranger).attachments.list({ parent })).canUpload).toBe(false);
    expect(await refusal(upload(stranger, parent, "x.pdf", samplePdf()))).toBe("ATTACHMENT_FORBIDDEN");
    // A version is only ever added to an attachment of the same parent.
    const other = await startProject(deps, proposer, proposalInput(regionId));
    expect(await refusal(upload(proposer, { kind: "project", id: other.id }, "x.pdf", samplePdf(), first.id))).toBe(
      "NOT_FOUND",
    );
  });

  it("[FILES] sniffs the type from the bytes, keeps the allow-list and the size cap", async () => {
    const proposer = await account("researcher");
    const project = await startProject(deps, proposer, proposalInput(regionId));
    const parent = { kind: "project", id: project.id } as const;
    const accepted = [
      ["minutes.docx", sampleDocx(), "docx"],
      ["photo.png", samplePng(), "png"],
      ["numbers.csv", sampleCsv(), "csv"],
      ["old.doc", sampleDoc(), "doc"],
      // The name says spreadsheet; the bytes say PDF, and the bytes win.
      ["renamed.xlsx", samplePdf(), "pdf"],
    ] as const;
    for (const [name, bytes, type] of accepted) expect((await upload(proposer, parent, name, bytes)).type).toBe(type);

    const html = Buffer.from("<!doctype html><script>alert(document.cookie)</script>");
    expect(await refusal(upload(proposer, parent, "report.pdf", html))).toBe("ATTACHMENT_TYPE_REFUSED");
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)]);
    expect(await refusal(upload(proposer, parent, "data.csv", elf))).toBe("ATTACHMENT_TYPE_REFUSED");
    expect(await refusal(upload(proposer, parent, "empty.csv", Buffer.alloc(0)))).toBe("ATTACHMENT_EMPTY");
    const big = Buffer.concat([samplePdf(), Buffer.alloc(maxBytes)]);
    expect(await refusal(upload(proposer, parent, "big.pdf", big))).toBe("ATTACHMENT_TOO_LARGE");
    // Nothing refused was recorded.
    expect((await as(proposer).attachments.list({ parent })).items).toHaveLength(accepted.length);
    const sheet = await download(proposer, (await as(proposer).attachments.list({ parent })).items.at(-1)!.id);
    expect(sheet.headers["content-disposition"]).toMatch(/^attachment;/);
  });

  it("[FILES] meetings: chairs attach, the meeting's audience reads, a draft meeting is the chairs' own", async () => {
    const [a] = await freshRegions(deps.db, 1);
    const [chair, member] = await insertAccounts(deps.db, a!.id, 2);
    await makeChair(deps.db, chair!);
    const researcher = await createTestAccount(deps.db, { role: "researcher", regionCode: a!.code });
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16);
    const { meetingId } = await callerFor(deps, chair!.user).meetings.create({
      kind: "coordination",
      titleZh: "协调会议",
      titleEn: "Coordination meeting",
      hostRegionId: a!.id,
      place: "Shanghai",
      startsAt: hours(24),
      endsAt: hours(26),
    });
    const parent = { kind: "meeting", id: meetingId } as const;
    const pack = await upload(chair!, parent, "会议材料.pdf", samplePdf("pack"));
    expect(services.deps.publisher.published.at(-1)).toMatchObject({ stream: `meeting:${meetingId}` });
    expect(await refusal(download(member!, pack.id))).toBe("NOT_FOUND");
    await callerFor(deps, chair!.user).meetings.transition({ meetingId, action: "schedule" });
    expect((await download(member!, pack.id)).bytes.toString()).toContain("% pack");
    expect(await refusal(upload(member!, parent, "x.pdf", samplePdf()))).toBe("ATTACHMENT_FORBIDDEN");
    // A coordination meeting is the coordination body's: a researcher cannot see it or its files.
    expect(await refusal(download(researcher, pack.id))).toBe("NOT_FOUND");
  });

  it("[FILES] achievements and milestones follow their own rules", async () => {
    const owner = await account("researcher");
    const stranger = await account("researcher", "dongguan");
    const created = await as(owner).achievements.create({
      kind: "patent",
      titleZh: "封装工艺",
      titleEn: "Packaging process",
      summaryZh: "摘要",
      summaryEn: "Summary",
      trl: 6,
      ipStatus: "none",
      ipNumber: null,
      transferModes: ["licence"],
      priceYuan: null,
      sectors: [],
      owners: [{ organisation: "深圳先进院", regionId: regionId("shenzhen") }],
      publish: false,
      originProjectId: null,
    });
    const parent = { kind: "achievement", id: created.id } as const;
    const file = await upload(owner, parent, "专利说明书.pdf", samplePdf("patent"));
    expect(await refusal(download(stranger, file.id))).toBe("NOT_FOUND");
    expect(await refusal(upload(stranger, parent, "x.pdf", samplePdf()))).toBe("NOT_FOUND");

    // A milestone of a funded project in an awarded call: public to read, its team's to attach to.
    const proposer = await account("researcher");
    const project = await startProject(deps, proposer, proposalInput(regionId));
    const admin = await account("admin", "shanghai");
    const [call] = await deps.db
      .insert(fundCalls)
      .values({
        status: "awarded",
        titleZh: "专项",
        titleEn: "Call",
        descriptionZh: "说明",
        descriptionEn: "About",
        deadline: new Date(),
        centralBp: 5000,
        centralYuan: 1_000_000,
        criteria: [],
        createdById: admin.account.id,
      })
      .returning();
    const [plan] = await deps.db
      .insert(benefitPlans)
      .values({ projectId: project.id, authorId: proposer.account.id, rationale: "r" })
      .returning();
    const [submission] = await deps.db
      .insert(fundSubmissions)
      .values({
        callId: call!.id,
        projectId: project.id,
        planId: plan!.id,
        requestedYuan: 100,
        submittedById: proposer.account.id,
        funded: true,
      })
      .returning();
    const [milestone] = await deps.db
      .insert(fundMilestones)
      .values({
        submissionId: submission!.id,
        title: "Pilot line",
        deliverable: "Line running",
        dueOn: "2027-06-01",
        createdById: proposer.account.id,
      })
      .returning();
    const onMilestone = { kind: "milestone", id: milestone!.id } as const;
    const evidence = await upload(project.coauthors[0]!, onMilestone, "验收报告.docx", sampleDocx());
    expect((await download(null, evidence.id)).headers["content-disposition"]).toMatch(/^attachment;/);
    expect(await refusal(upload(stranger, onMilestone, "x.pdf", samplePdf()))).toBe("ATTACHMENT_FORBIDDEN");
    // The fund's managers report on funded projects too.
    expect((await upload(admin, onMilestone, "付款凭证.pdf", samplePdf())).uploadedBy.id).toBe(admin.account.id);
  });

  it("[FILES] a backup carries every stored file, and a restore puts them back, checked against their hashes", async () => {
    const proposer = await account("researcher");
    const project = await startProject(deps, proposer, proposalInput(regionId));
    const big = Buffer.concat([samplePdf("large"), Buffer.alloc(40_000, 7)]);
    const file = await upload(proposer, { kind: "project", id: project.id }, "large.pdf", big);
    const keys = new Set((await deps.db.select().from(attachmentVersions)).map((v) => v.storageKey));

    const backup = path.join(folder, "with-files.jsonl.gz");
    const written = await writeBackup(deps.db, backup, { files: backupFilesOf(deps.storage!) });
    expect(written.header.files).toBe(keys.size);

    const target = await createTestDatabase({ seed: false });
    const restoredFolder = await mkdtemp(path.join(tmpdir(), "xietong-restored-"));
    try {
      const restoredStore = localStorage(restoredFolder);
      await restoreBackup(target.db, backup, { files: backupFilesOf(restoredStore) });
      const restored = { ...deps, db: target.db, storage: restoredStore };
      const opened = await openAttachment(restored, proposer.user, { attachmentId: file.id, download: true });
      expect(Buffer.from(await new Response(opened.body).arrayBuffer()).equals(big)).toBe(true);
      // A backup with files cannot be restored as if it had none.
      const other = await createTestDatabase({ seed: false });
      try {
        await expect(restoreBackup(other.db, backup)).rejects.toThrow(/file store/);
      } finally {
        await other.close();
      }
    } finally {
      await target.close();
      await rm(restoredFolder, { recursive: true, force: true });
    }
  });
});
