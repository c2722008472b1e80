import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, type Role } from "@/db/schema";
import { loadSessionUser, type SessionUser } from "@/server/infra/auth/session";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  sessionClaimsOf,
  type TestServices,
} from "../testing/fixtures";
import { AppError } from "../errors";
import { ballotProject, ballotSettings, tiltedShares } from "../testing/ballots";
import { procedureAt } from "../testing/procedures";
import { appRouter } from "./root";

/**
 * Who may call each procedure, reviewed by hand. The test reads the procedures from the router
 * itself, so a procedure added without a line here fails it and cannot ship unreviewed.
 * "public": anyone, signed out included; "signedIn": any signed-in account; otherwise the roles.
 * A suspended account is, for every procedure, the same as nobody signed in.
 */
type Access = "public" | "signedIn" | readonly Role[];
const member = ["member", "admin"] as const;
const researcher = ["researcher", "member", "admin"] as const;
const moderator = ["moderator", "admin"] as const;
const admin = ["admin"] as const;

const matrix: Record<string, Access> = {
  "account.session": "public",
  "account.me": "signedIn",
  "account.updateProfile": "signedIn",
  "account.changePassword": "signedIn",
  "recovery.help": "public",
  "recovery.request": "public",
  "recovery.check": "public",
  "recovery.reset": "public",
  "recovery.sendReset": admin,
  "recovery.renewInvitation": admin,
  "twoFactor.status": "signedIn",
  "twoFactor.begin": "signedIn",
  "twoFactor.confirm": "signedIn",
  "twoFactor.disable": "signedIn",

  "admin.accounts": admin,
  "admin.updateAccount": admin,
  "admin.setChair": admin,
  "admin.regions": admin,
  "admin.addCluster": admin,
  "admin.renameCluster": admin,
  "admin.retireCluster": admin,
  "admin.addRegion": admin,
  "admin.renameRegion": admin,
  "admin.retireRegion": admin,
  "admin.holdSettings": admin,
  "admin.setHoldSettings": admin,
  "admin.blockedWords": admin,
  "admin.addBlockedWord": admin,
  "admin.removeBlockedWord": admin,
  "admin.audit": admin,
  "admin.auditActions": admin,
  "admin.auditCsv": admin,
  "admin.activity": admin,

  "outgoing.webhooks": admin,
  "outgoing.create": admin,
  "outgoing.update": admin,
  "outgoing.remove": admin,
  "outgoing.test": admin,
  "outgoing.deliveries": admin,
  "outgoing.retry": admin,
  "outgoing.mail": admin,
  "outgoing.retryMail": admin,

  "openData.dumps": "public",
  "openData.adminDumps": admin,
  "openData.requestDump": admin,
  "openData.keys": admin,
  "openData.issueKey": admin,
  "openData.revokeKey": admin,

  "calendarFeeds.list": "signedIn",
  "calendarFeeds.create": "signedIn",
  "calendarFeeds.revoke": "signedIn",

  "ballots.plans.list": "public",
  "ballots.plans.startingPlan": "public",
  "ballots.plans.propose": researcher,
  "ballots.forProject": "public",
  "ballots.get": "public",
  "ballots.result": "public",
  "ballots.exportCsv": "public",
  "ballots.exportJson": "public",
  "ballots.myVotes": "signedIn",
  "ballots.opening": "public",
  // A member of a participating region consents for it; the service checks the region.
  "ballots.consent": member,
  // The door admits members; of them only the chair passes the service (see `chairOnly` below).
  "ballots.open": member,
  "ballots.castVote": member,
  "ballots.close": member,
  "ballots.newRound": member,
  "ballots.concludeWithoutAgreement": member,
  // Portfolio ballots (#19.3): listed with their call; opened by the fund's managers, checked in the service.
  "ballots.forCall": "public",
  "ballots.openPortfolio": member,
  "ballots.proposeRevision": researcher,

  "comments.list": "public",
  "comments.history": "public",
  "comments.reactionSplit": "public",
  "comments.add": researcher,
  "comments.edit": "signedIn",
  "comments.withdraw": "signedIn",
  "comments.react": "signedIn",

  "forums.list": "public",
  "forums.listAtHead": "public",
  "forums.bySlug": "public",
  "forums.stancePicture": "public",
  "forums.create": admin,
  "forums.setArchived": admin,
  "topics.list": "public",
  "topics.recent": "public",
  "topics.byId": "public",
  "topics.create": researcher,

  "invitations.issue": admin,
  "invitations.list": admin,
  "invitations.revoke": admin,
  "invitations.preview": "public",
  "invitations.redeem": "public",

  "notifications.list": "signedIn",
  "notifications.unreadCount": "signedIn",
  "notifications.markRead": "signedIn",
  "notifications.markAllRead": "signedIn",
  "notifications.preferences": "signedIn",
  "notifications.setPreference": "signedIn",
  "notifications.following": "signedIn",
  "notifications.setFollowing": "signedIn",
  "people.mentionCandidates": "signedIn",
  "people.profile": "public",
  "search.site": "public",

  "moderation.report": "signedIn",
  "moderation.myReports": "signedIn",
  "moderation.queue": moderator,
  "moderation.queueSize": moderator,
  "moderation.authorHistory": moderator,
  "moderation.hide": moderator,
  "moderation.restore": moderator,
  "moderation.dismiss": moderator,
  "moderation.lock": moderator,
  "moderation.move": moderator,
  "moderation.suspend": moderator,
  "moderation.lift": moderator,

  "projects.list": "public",
  "projects.get": "public",
  "projects.versions": "public",
  "projects.diff": "public",
  "projects.regionDashboard": "public",
  "projects.clusterDashboard": "public",
  "projects.myInvitations": "signedIn",
  "projects.create": researcher,
  "projects.update": researcher,
  "projects.regionsWithCoproposers": researcher,
  "projects.coauthorCandidates": researcher,
  "projects.inviteCoauthor": researcher,
  "projects.respondToInvitation": researcher,
  "projects.submit": researcher,
  "projects.withdraw": researcher,
  "projects.archive": admin,

  "reference.regions": "public",
  "reference.recommendations": "public",
  "reference.recommendation": "public",

  "workbench.myWork": "signedIn",

  // Meetings: the door admits members for running them; the use-cases admit only chairs and admins
  // (server/features/meetings/meetings.int.test.ts checks MEETING_CHAIR_REQUIRED for plain members).
  "opinions.get": "public",
  "opinions.list": "public",
  "opinions.create": ["member", "moderator", "admin"],
  "opinions.close": "signedIn",
  "opinions.addStatement": researcher,
  "opinions.statementFromComment": researcher,
  "opinions.myComments": "signedIn",
  "opinions.next": "signedIn",
  "opinions.vote": "signedIn",
  "opinions.moderate": moderator,
  "opinions.export": "signedIn",
  "opinions.promote": researcher,
  "opinions.myOrganisationKind": "signedIn",
  "opinions.setOrganisationKind": "signedIn",

  "meetings.list": "public",
  "meetings.get": "public",
  "meetings.ics": "public",
  "meetings.decisions": "public",
  "meetings.pack": "public",
  "meetings.roundChoices": member,
  "meetings.attendees": "signedIn",
  "meetings.suggestedHost": member,
  "meetings.create": member,
  "meetings.update": member,
  "meetings.transition": member,
  "meetings.setCurrentItem": member,
  "meetings.addItem": member,
  "meetings.updateItem": member,
  "meetings.removeItem": member,
  "meetings.moveItem": member,
  "meetings.register": researcher,
  "meetings.unregister": researcher,
  "meetings.checkIn": researcher,
  "meetings.raiseHand": researcher,
  "meetings.lowerHand": researcher,
  "meetings.giveFloor": member,
  "meetings.moveSpeaker": member,
  "meetings.openPoll": member,
  "meetings.votePoll": researcher,
  "meetings.closePoll": member,
  "meetings.saveMinutes": member,
  "meetings.recordDecision": member,
  // A region's answer and action status are checked against the region in the use-cases.
  "meetings.answerDecision": member,
  "meetings.addAction": member,
  "meetings.setActionStatus": member,
  // The time poll (#18.1): the meeting's chair or an admin creates and closes it; who may attend answers.
  "meetings.createTimePoll": member,
  "meetings.answerTimePoll": researcher,
  "meetings.closeTimePoll": member,
  "meetings.calendarDays": admin,
  "meetings.addCalendarDay": admin,
  "meetings.updateCalendarDay": admin,
  "meetings.removeCalendarDay": admin,
  // The joint fund (#19): managers (admin or chair), a project's team and an assignment's reviewer are checked in the use-cases.
  "fund.list": "public",
  "fund.get": "public",
  "fund.create": member,
  "fund.advance": member,
  "fund.proposals": "public",
  "fund.submittable": researcher,
  "fund.submit": researcher,
  "fund.reviewerCandidates": member,
  "fund.setReviewer": admin,
  "fund.assign": member,
  "fund.myAssignments": "signedIn",
  "fund.assignment": "signedIn",
  "fund.declare": "signedIn",
  "fund.review": "signedIn",
  "fund.portfolios": "public",
  "fund.decide": member,
  "fund.results": "public",
  "fund.exportCsv": "public",
  "fund.exportCall": "public",
  "fund.addMilestone": researcher,
  "fund.completeMilestone": researcher,
  "fund.disburse": member,
  "fund.progress": researcher,
  "fund.moveMilestone": researcher,
  "fund.recordOutcome": researcher,
  "fund.setReviewDue": member,
  "fund.setDriftThreshold": admin,
  "fund.accountability": "public",
  "achievements.list": "public",
  "achievements.get": "public",
  // Reads only; files go up and down through app/api/attachments, each read asking the parent's rule.
  "attachments.list": "public",
  "attachments.versions": "public",
  "achievements.versions": "public",
  "achievements.version": "public",
  "achievements.matchingNeeds": "public",
  "achievements.transfers": "public",
  "achievements.flows": "public",
  "achievements.clusterFigures": "public",
  "achievements.deals": "public",
  "achievements.regionDeals": "public",
  "achievements.exportRegistry": "public",
  "achievements.exportDeals": "public",
  "achievements.regionStrengths": "public",
  "achievements.create": researcher,
  "achievements.update": "signedIn",
  "achievements.publishFromProject": researcher,
  "achievements.needs": "public",
  "achievements.need": "public",
  "achievements.needMatches": "public",
  "achievements.myNeedStanding": "signedIn",
  "achievements.createNeed": researcher,
  "achievements.closeNeed": "signedIn",
  "achievements.enquire": "signedIn",
  "achievements.enquiry": "signedIn",
  "achievements.myEnquiries": "signedIn",
  "achievements.postMessage": "signedIn",
  "achievements.hideMessage": admin,
  "achievements.recordTransfer": "signedIn",
  "achievements.publishTransferValue": "signedIn",
  "achievements.proposeTerms": "signedIn",
  "achievements.respondToTerms": "signedIn",
  "achievements.recordDeal": "signedIn",
  "achievements.organisationTypes": admin,
  "achievements.setOrganisationType": admin,
  "achievements.setRegionStrength": admin,

  "talent.list": "public",
  "talent.get": "public",
  "talent.pipeline": "signedIn",
  "talent.export": "signedIn",
  "talent.myPostings": "signedIn",
  "talent.myApplications": "signedIn",
  "talent.create": researcher,
  "talent.setStatus": "signedIn",
  "talent.applyFor": "signedIn",
  "talent.move": "signedIn",
  "talent.myExpertise": "signedIn",
  "talent.saveExpertise": "signedIn",
  "talent.expertise": "public",
  "talent.recognition": "public",
  "talent.regionRecognition": "public",
  "talent.suggestCoproposers": researcher,
  "alliances.list": "public",
  "alliances.get": "public",
  "alliances.matrix": "public",
  "alliances.clusterMatrix": "public",
  "alliances.export": "public",
  "alliances.homeableProjects": "signedIn",
  "alliances.found": researcher,
  "alliances.invite": "signedIn",
  "alliances.answer": "signedIn",
  "alliances.homeProject": "signedIn",
  "organisations.list": "public",
  "organisations.get": "public",
  "organisations.mine": "signedIn",
  "organisations.create": admin,
  "organisations.review": admin,
  "organisations.linkAccount": admin,
  // Single sign-on (#23): the providers' labels are public (the sign-in page); links are one's own.
  "sso.providers": "public",
  "sso.mine": "signedIn",
  "sso.startLink": "signedIn",
  "sso.unlink": "signedIn",
  "sso.pending": admin,
  "sso.approve": admin,
  "sso.refuse": admin,
};

/** Procedures that only the chair of the coordination body (a member an admin appointed) or an admin may use. */
const chairOnly = ["ballots.open", "ballots.close", "ballots.newRound", "ballots.concludeWithoutAgreement"] as const;

type Who = "signedOut" | "suspended" | Role;
const everyone: readonly Who[] = ["signedOut", "suspended", "researcher", "member", "moderator", "admin"];

function mayCall(access: Access, who: Who): boolean {
  if (who === "signedOut" || who === "suspended") return access === "public";
  return access === "public" || access === "signedIn" || access.includes(who);
}

/** The refusals of the procedure builders in init.ts, as opposed to a service's own answer. */
function refusedAtTheDoor(error: unknown): boolean {
  if (!(error instanceof TRPCError)) return false;
  return (
    error.code === "UNAUTHORIZED" || (error.code === "FORBIDDEN" && error.message.startsWith("This action is for"))
  );
}

const procedurePaths = Object.keys(appRouter._def.procedures).sort();

let services: TestServices;
const users = new Map<Who, SessionUser | null>();

beforeAll(async () => {
  services = await createTestServices();
  for (const role of ["researcher", "member", "moderator", "admin"] as const)
    users.set(role, (await createTestAccount(services.deps.db, { role })).user);
  users.set("signedOut", null);
  // A suspended member's valid session cookie resolves to nobody, on every request.
  const suspended = await createTestAccount(services.deps.db, { role: "member" });
  await services.deps.db
    .update(accounts)
    .set({ suspendedUntil: new Date(Date.now() + 86_400_000) })
    .where(eq(accounts.id, suspended.account.id));
  users.set(
    "suspended",
    await loadSessionUser(services.deps.db, await sessionClaimsOf(services.deps.db, suspended.account)),
  );
}, 60_000);

afterAll(async () => {
  await services?.close();
});

describe("access matrix", () => {
  it("lists every procedure of the router, and nothing the router does not have", () => {
    expect(procedurePaths.filter((path) => !(path in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((path) => !procedurePaths.includes(path))).toEqual([]);
  });

  it("treats a suspended account's session as no session", async () => {
    expect(users.get("suspended")).toBeNull();
    const active = await createTestAccount(services.deps.db, { role: "member" });
    expect(
      await loadSessionUser(services.deps.db, await sessionClaimsOf(services.deps.db, active.account)),
    ).toMatchObject({ id: active.account.id });
  });

  // Called without input: the role checks run before input validation, so an allowed caller gets a
  // validation error (or the answer) and a refused one is stopped at the door, whatever the input.
  it.each(procedurePaths)("%s admits exactly the callers the matrix names", async (path) => {
    const access = matrix[path];
    expect(access, `${path} is missing from the matrix`).toBeDefined();
    const outcome: Record<string, "admitted" | "refused"> = {};
    const expected: Record<string, "admitted" | "refused"> = {};
    for (const who of everyone) {
      const call = procedureAt(callerFor(services.deps, users.get(who) ?? null), path);
      outcome[who] = await call(undefined).then(
        () => "admitted",
        (error: unknown) => (refusedAtTheDoor(error) ? "refused" : "admitted"),
      );
      expected[who] = mayCall(access!, who) ? "admitted" : "refused";
    }
    expect(outcome).toEqual(expected);
  });

  // With inputs that reach the service (an open ballot, a submitted project): a plain member is
  // refused as not the chair, the chair and an admin get past that check to the procedure's own answer.
  it.each(chairOnly)("%s admits the chair and admins, not other members", async (path) => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const chair = setup.members[0]![0]!;
    const opened = await callerFor(services.deps, chair.user).ballots.open(
      ballotSettings(setup.projectId, {}, services.deps.now()),
    );
    const { projectId: _omit, ...settings } = ballotSettings(setup.projectId, {}, services.deps.now());
    const inputs: Record<(typeof chairOnly)[number], unknown> = {
      "ballots.open": ballotSettings(setup.projectId, {}, services.deps.now()),
      "ballots.close": { ballotId: opened.id },
      "ballots.newRound": {
        ballotId: opened.id,
        ...settings,
        plans: [
          {
            shares: tiltedShares(
              setup.regions.map((r) => r.id),
              0,
            ),
            rationale: "Again",
          },
        ],
      },
      "ballots.concludeWithoutAgreement": { ballotId: opened.id },
    };
    const reasonFor = async (user: SessionUser | null) =>
      procedureAt(
        callerFor(services.deps, user),
        path,
      )(inputs[path]).then(
        () => "ok",
        (error: unknown) =>
          error instanceof TRPCError && error.cause instanceof AppError ? error.cause.reason : "other",
      );
    expect(await reasonFor(setup.members[1]![0]!.user)).toBe("NOT_BALLOT_CHAIR");
    expect(await reasonFor(users.get("member")!)).toBe("NOT_BALLOT_CHAIR");
    expect(await reasonFor(chair.user)).not.toBe("NOT_BALLOT_CHAIR");
    expect(await reasonFor(users.get("admin")!)).not.toBe("NOT_BALLOT_CHAIR");
  });
});
