import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { accounts, type Role } from "@/db/schema";
import { hashPassword } from "@/server/infra/auth/password";
import type { BodyLanguage } from "./comment-bodies";

/** The people of a benchmark discussion: accounts that author comments and react, never sign in. */

export interface Person {
  id: number;
  role: Role;
  regionId: number;
  language: BodyLanguage;
}

/**
 * PGlite answers without going back to the event loop, so a long seeding would be one chain of
 * microtasks in which signals (Ctrl-C) are not handled; yielding after each statement lets them in.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const accountsPerStatement = 100;

const surnames = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "周",
  "吴",
  "徐",
  "孙",
  "朱",
  "马",
  "胡",
  "郭",
  "林",
  "何",
  "高",
  "罗",
];
const givenNames = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "洋",
  "艳",
  "勇",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "海燕",
  "志强",
  "晓东",
  "建华",
  "丽",
];
const englishNames = ["Anna", "David", "Grace", "Kevin", "Linda", "Michael", "Olivia", "Peter", "Sophie", "Thomas"];
const organisations = [
  "科学技术局",
  "发展和改革委员会",
  "高新区管委会",
  "产业技术研究院",
  "大学科技园",
  "工业和信息化局",
];

/** `count` accounts, spread evenly over `regionRows`, written as insertAccount would write them. */
export async function seedPeople(
  db: Db,
  count: number,
  regionRows: { id: number; code: string }[],
  random: () => number,
  createdAt: Date,
): Promise<Person[]> {
  // One scrypt hash for everyone: these accounts exist to author rows, and 500 hashes at full cost
  // would take minutes. The password is thrown away.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const tag = randomBytes(3).toString("hex");
  const values: (typeof accounts.$inferInsert)[] = [];
  for (let i = 0; i < count; i += 1) {
    const region = regionRows[i % regionRows.length]!;
    const english = random() < 0.2;
    const name = `${surnames[Math.floor(random() * surnames.length)]}${givenNames[Math.floor(random() * givenNames.length)]}`;
    values.push({
      email: `bench-${tag}-${i + 1}@bench.xietong.cn`,
      displayName: english ? `${englishNames[Math.floor(random() * englishNames.length)]} ${name}` : name,
      organisation: `${region.code} ${organisations[Math.floor(random() * organisations.length)]}`,
      role: (random() < 0.6 ? "member" : "researcher") satisfies Role,
      regionId: region.id,
      locale: english ? "en" : "zh-CN",
      passwordHash,
      createdAt,
      updatedAt: createdAt,
    });
  }
  const people: Person[] = [];
  await db.transaction(async (tx) => {
    for (let from = 0; from < values.length; from += accountsPerStatement) {
      const inserted = await tx
        .insert(accounts)
        .values(values.slice(from, from + accountsPerStatement))
        .returning({ id: accounts.id, role: accounts.role, regionId: accounts.regionId, locale: accounts.locale });
      for (const row of inserted)
        people.push({
          id: row.id,
          role: row.role,
          regionId: row.regionId,
          language: row.locale === "en" ? "en" : "zh",
        });
      await yieldToEventLoop();
    }
  });
  return people;
}
