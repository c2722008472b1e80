import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { projectLimits } from "@/server/features/projects/rules/project-rules";
import { AppError } from "@/server/errors";
import { renderBounded } from "./markdown-render";

describe("renderBounded", () => {
  it("renders the Markdown policy, mentions included, off the main thread", async () => {
    expect(await renderBounded("**粗体** @[x](person:3)", new Map([[3, "Li"]]))).toBe(
      '<p><strong>粗体</strong> <a href="/people/3" class="mention">@Li</a></p>\n',
    );
  }, 60_000);

  it("refuses a crafted body at the project limit with MARKDOWN_TOO_COMPLEX, and the event loop keeps running meanwhile", async () => {
    await renderBounded("warm-up");
    const crafted = "*_a".repeat(Math.floor(projectLimits.bodyMax / 3));
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const started = performance.now();
    const error = await renderBounded(crafted).then(
      () => null,
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    lag.disable();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reason).toBe("MARKDOWN_TOO_COMPLEX");
    expect((error as AppError).code).toBe("BAD_REQUEST");
    // Synchronously this body takes 40 s or more; here the time limit ends it.
    expect(elapsed).toBeLessThan(15_000);
    // Generous for a loaded shared machine; the synchronous path blocks for the whole render.
    expect(lag.max / 1e6).toBeLessThan(1_000);
    // The next body is rendered by a fresh worker.
    expect(await renderBounded("after")).toBe("<p>after</p>\n");
  }, 120_000);
});
