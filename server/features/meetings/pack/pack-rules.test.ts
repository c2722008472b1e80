import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confirmationStatuses } from "@/shared/meetings-vocabulary";
import { hasMinutes, overallRecordStatus, packKindOf } from "./pack-rules";

const decision = (...statuses: Array<(typeof confirmationStatuses)[number]>) => ({
  confirmations: statuses.map((status) => ({ status })),
});

describe("pack rules", () => {
  it("reads the pack kind from the query, the agenda pack by default", () => {
    expect(packKindOf("minutes")).toBe("minutes");
    expect(packKindOf("agenda")).toBe("agenda");
    expect(packKindOf(null)).toBe("agenda");
    expect(packKindOf("MINUTES")).toBe("agenda");
  });

  it("has a minutes pack once an item is minuted or a decision recorded, not for blank minutes", () => {
    expect(hasMinutes([{ minutes: "" }, { minutes: "  \n" }], 0)).toBe(false);
    expect(hasMinutes([{ minutes: "" }, { minutes: "Agreed." }], 0)).toBe(true);
    expect(hasMinutes([], 1)).toBe(true);
  });

  it("gives the record's overall status from each decision's", () => {
    expect(overallRecordStatus([])).toBe("not_sent");
    expect(overallRecordStatus([decision(), decision()])).toBe("not_sent");
    expect(overallRecordStatus([decision("confirmed", "confirmed"), decision("confirmed")])).toBe("confirmed");
    expect(overallRecordStatus([decision("confirmed"), decision("pending", "confirmed")])).toBe("pending");
    expect(overallRecordStatus([decision("confirmed"), decision("contested", "pending")])).toBe("contested");
  });

  it("is contested whenever one region contests one decision, confirmed only when every answer is", () => {
    const answers = fc.array(fc.array(fc.constantFrom(...confirmationStatuses), { maxLength: 5 }), { maxLength: 5 });
    fc.assert(
      fc.property(answers, (lists) => {
        const overall = overallRecordStatus(lists.map((l) => decision(...l)));
        const all = lists.flat();
        expect(overall === "contested").toBe(all.includes("contested"));
        if (overall === "confirmed")
          expect(lists.every((l) => l.length > 0 && l.every((s) => s === "confirmed"))).toBe(true);
        if (all.length === 0) expect(overall).toBe("not_sent");
      }),
    );
  });
});
