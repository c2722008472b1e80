import { describe, expect, it } from "vitest";
import { stateWithoutRouterMark } from "./url-state";

describe("stateWithoutRouterMark", () => {
  it("keeps the router's tree and drops only its mark, so the patched replaceState still syncs the URL", () => {
    const tree = { tree: ["", {}], renderedSearch: "" };
    expect(stateWithoutRouterMark({ __NA: true, __PRIVATE_NEXTJS_INTERNALS_TREE: tree, scroll: 3 })).toEqual({
      __PRIVATE_NEXTJS_INTERNALS_TREE: tree,
      scroll: 3,
    });
  });

  it("gives an object, never null: an entry with null state is ignored by the router on Back", () => {
    expect(stateWithoutRouterMark(null)).toEqual({});
    expect(stateWithoutRouterMark(undefined)).toEqual({});
    expect(stateWithoutRouterMark("text")).toEqual({});
  });
});
