import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endpointSpecs, type EndpointSpec } from "../contract";
import { csvTable, dumpFileName, dumpFilePattern, nightlyDayDue } from "./dump-rules";
import { openApiDocument, parametersOf } from "./openapi";
import { matchRoute, weakEtag } from "./routing";

const routes = Object.entries(endpointSpecs).map(([id, spec]) => ({ id, path: spec.path }));

describe("open-data routing", () => {
  it("matches templates and reads their parameters", () => {
    expect(matchRoute(routes, "/projects")).toMatchObject({ id: "listProjects", params: {} });
    expect(matchRoute(routes, "/projects/12")).toMatchObject({ id: "getProject", params: { id: "12" } });
    expect(matchRoute(routes, "/projects/12/ballot-results")).toMatchObject({ id: "listProjectBallotResults" });
    expect(matchRoute(routes, "/projects/")).toMatchObject({ id: "listProjects" });
    expect(matchRoute(routes, "/projects//ballot-results")).toBeNull();
    expect(matchRoute(routes, "/projects/12/versions")).toBeNull();
    expect(matchRoute(routes, "/")).toBeNull();
  });

  it("gives the same weak tag for the same hash only", () => {
    fc.assert(
      fc.property(fc.base64String({ minLength: 27 }), fc.base64String({ minLength: 27 }), (a, b) => {
        expect(weakEtag(a)).toMatch(/^W\/".+"$/);
        if (a.slice(0, 27) !== b.slice(0, 27)) expect(weakEtag(a)).not.toBe(weakEtag(b));
      }),
    );
  });
});

describe("open-data dumps", () => {
  it("names files the download pattern accepts, and only those", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        fc.nat(1e9),
        (at, id) => {
          expect(dumpFileName(at, id)).toMatch(dumpFilePattern);
        },
      ),
    );
    for (const bad of [
      "../x.zip",
      "xietong-open-data-20300101T000000Z-1.zip/..",
      "a.zip",
      "xietong-open-data-2030-1.zip",
    ])
      expect(bad).not.toMatch(dumpFilePattern);
  });

  it("is due once the nightly hour has come, for that UTC day", () => {
    expect(nightlyDayDue(new Date("2030-05-01T01:59:59Z"))).toBeNull();
    expect(nightlyDayDue(new Date("2030-05-01T02:00:00Z"))).toBe("2030-05-01");
    expect(nightlyDayDue(new Date("2030-05-01T23:59:00Z"))).toBe("2030-05-01");
  });

  it("makes one column per field, in first-seen order, with gaps left empty", () => {
    expect(
      csvTable([
        { a: 1, b: { x: 1 } },
        { c: "z", a: 2 },
      ]),
    ).toEqual([
      ["a", "b", "c"],
      [1, { x: 1 }, null],
      [2, null, "z"],
    ]);
    expect(csvTable([])).toEqual([[]]);
  });
});

describe("the OpenAPI document", () => {
  it("names every path parameter of every template, and each endpoint once", () => {
    const document = openApiDocument("1.0.0");
    for (const [id, spec] of Object.entries(endpointSpecs) as [string, EndpointSpec][]) {
      const inPath = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = parametersOf(spec).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name)).toEqual(inPath);
      expect(declared.every((p) => p.required)).toBe(true);
      expect((document.paths[spec.path] as { get: { operationId: string } }).get.operationId).toBe(id);
    }
    const limit = parametersOf(endpointSpecs.listProjects).find((p) => p.name === "limit")!;
    expect(limit).toMatchObject({ in: "query", required: false, schema: { maximum: 100 } });
  });
});
