import { describe, expect, it } from "vitest";
import { TwoLaneGate } from "./pglite-lanes";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("TwoLaneGate", () => {
  it("runs one holder at a time and lets a priority caller go before normal callers that waited longer", async () => {
    const gate = new TwoLaneGate();
    const order: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const job = (name: string) => async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await tick();
      order.push(name);
      running -= 1;
    };
    const all = [
      gate.run(false, job("n1")),
      gate.run(false, job("n2")),
      gate.run(false, job("n3")),
      gate.run(true, job("p1")),
      gate.run(false, job("n4")),
      gate.run(true, job("p2")),
    ];
    await Promise.all(all);
    expect(order).toEqual(["n1", "p1", "p2", "n2", "n3", "n4"]);
    expect(mostAtOnce).toBe(1);
  });

  it("passes a failure to its caller and carries on with the next", async () => {
    const gate = new TwoLaneGate();
    const failing = gate.run(false, async () => {
      await tick();
      throw new Error("refused");
    });
    const next = gate.run(false, async () => "ran");
    await expect(failing).rejects.toThrow("refused");
    await expect(next).resolves.toBe("ran");
    await expect(gate.run(true, async () => "free again")).resolves.toBe("free again");
  });
});
