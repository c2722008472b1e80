import { describe, expect, it } from "vitest";
import { diffLines, diffSnapshots, snapshotFields, type ProjectSnapshot } from "./project-versions";

const base: ProjectSnapshot = {
  title: "Marine equipment",
  summary: "Qingdao and Yantai",
  body: "Line one\nLine two\nLine three",
  expectedOutcomes: "Prototypes",
  budgetYuan: 50_000_000,
  durationMonths: 24,
  tags: ["marine science"],
  leadRegionId: 9,
  partnerRegionIds: [10],
  recommendations: [2, 3],
};

describe("diffSnapshots", () => {
  it("finds nothing between equal snapshots, arrays compared by value", () => {
    expect(
      diffSnapshots(base, { ...base, tags: ["marine science"], partnerRegionIds: [10], recommendations: [2, 3] }),
    ).toEqual([]);
  });

  it("lists each changed field once with its before and after, in field order", () => {
    const changes = diffSnapshots(base, {
      ...base,
      budgetYuan: 60_000_000,
      title: "Marine equipment II",
      tags: ["marine science", "robotics"],
    });
    expect(changes).toEqual([
      { field: "title", before: "Marine equipment", after: "Marine equipment II", lines: null },
      { field: "budgetYuan", before: 50_000_000, after: 60_000_000, lines: null },
      { field: "tags", before: ["marine science"], after: ["marine science", "robotics"], lines: null },
    ]);
  });

  it("gives long texts a line diff", () => {
    const [change] = diffSnapshots(base, { ...base, body: "Line one\nLine 2\nLine three\nLine four" });
    expect(change).toMatchObject({ field: "body" });
    expect(change?.lines).toEqual([
      { op: "same", text: "Line one" },
      { op: "removed", text: "Line two" },
      { op: "added", text: "Line 2" },
      { op: "same", text: "Line three" },
      { op: "added", text: "Line four" },
    ]);
  });

  it("knows every field of a snapshot", () => {
    expect([...snapshotFields].sort()).toEqual(Object.keys(base).sort());
  });
});

describe("diffLines", () => {
  it("keeps the common lines and orders removals before additions", () => {
    expect(diffLines("a\nb\nc\nd", "a\nx\nc\ny\nd")).toEqual([
      { op: "same", text: "a" },
      { op: "removed", text: "b" },
      { op: "added", text: "x" },
      { op: "same", text: "c" },
      { op: "added", text: "y" },
      { op: "same", text: "d" },
    ]);
  });

  it("reconstructs both texts from its output", () => {
    const before = "海洋\n科学\n装备\n青岛\n烟台\n合作";
    const after = "海洋\n装备制造\n青岛\n合作\n成果";
    const lines = diffLines(before, after);
    expect(
      lines
        .filter((l) => l.op !== "added")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(before);
    expect(
      lines
        .filter((l) => l.op !== "removed")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(after);
    expect(lines.filter((l) => l.op === "same").map((l) => l.text)).toEqual(["海洋", "青岛", "合作"]);
  });

  it("treats CRLF and LF line ends alike", () => {
    expect(diffLines("a\r\nb", "a\nb")).toEqual([
      { op: "same", text: "a" },
      { op: "same", text: "b" },
    ]);
  });
});
