// Layer rules (README "Architecture"): imports only go down.
//   composition  server/main.ts, server/app.ts (createApp), server/jobs.ts, server/runtime.ts (the bridge), server/demo/
//   adapters     server/trpc/, server/features/*/router.ts (and *-router.ts), server/features/accounts/next-auth.ts,
//                app/api/ (route handlers), app/lib/server.ts
//   use-cases    server/features/<feature>/
//   infra        server/infra/ (realtime, auth, mail, jobs, observability, transact, rate limits), errors
//   rules        server/domain/ (pure), server/features/*/(contract|rules|events) (pure)
//   data         db/ ; shared/ (pure vocabularies every layer may read) at the very bottom
// Pages reach the server only through adapters. Tests and test helpers wire layers together on purpose and
// are exempt from the layer rules, not from the cycle rule.
const tests = "(\\.test\\.tsx?$|^server/testing/|^e2e/)";
/** Entry points that authorise a caller and then call use-cases, as procedures do. */
const adapters =
  "^server/trpc/|^server/features/[^/]+/[a-z0-9-]*router\\.ts$|" + "^server/features/accounts/next-auth\\.ts$";
/**
 * A feature folder (server/features/<feature>/) holds its contract, pure rules and event types (read by pages
 * too), its use-cases, and its router (an adapter). Another feature may use only its public surface.
 */
// A feature's pure modules: contract, rules (also `<part>-rules.ts`, as meetings/polls/time-poll-rules.ts, in
// the feature's folder or one of its part folders) and events.
const featurePure =
  "^server/features/[^/]+/(contract|rules|[a-z-]+-rules|events)(\\.ts$|/)|^server/features/[^/]+/[a-z]+/[a-z-]+-rules\\.ts$";
const featurePublic = "(index|contract|rules|events)(\\.ts$|/)";
const composition = "^server/(main|app|jobs|runtime)\\.ts$|^server/demo/";
const infra = "^server/infra/|^server/errors\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes load order matter and hides which layer a module belongs to.",
      from: {},
      to: { circular: true },
    },
    {
      name: "shared-is-the-bottom",
      severity: "error",
      comment: "shared/ holds pure vocabularies every layer may read, so it imports nothing of ours.",
      from: { path: "^shared/" },
      to: { path: "^(app|server|db|i18n|scripts|bench|e2e)/" },
    },
    {
      name: "db-imports-nothing-above",
      severity: "error",
      comment: "db/ (schema, client, seed data) sits below the server: vocabularies it needs live in shared/.",
      from: { path: "^db/", pathNot: tests },
      to: { path: "^(server|app|scripts|bench)/" },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "server/domain holds pure rules: no database, no infrastructure, no use-cases, no I/O modules.",
      from: { path: "^server/domain/", pathNot: tests },
      to: {
        path: "^(db|app|scripts)/|^server/(?!domain/)|^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|tls)$",
      },
    },
    {
      name: "infra-knows-no-feature",
      severity: "error",
      comment: "Infrastructure serves use-cases; an arrow from it into a feature or trpc/ runs back up.",
      from: { path: infra, pathNot: `${tests}|${adapters}` },
      to: { path: `^server/features/|${adapters}|${composition}|^(app|scripts)/` },
    },
    {
      name: "use-cases-below-adapters",
      severity: "error",
      comment: "Use-cases are called by procedures, socket handlers and jobs, never the other way round.",
      from: { path: "^server/features/", pathNot: `${tests}|${adapters}` },
      to: { path: `${adapters}|${composition}|^(app|scripts)/` },
    },
    {
      name: "feature-rules-are-pure",
      severity: "error",
      comment:
        "A feature's contract, rules and event types are read by pages too: only pure modules, no database or I/O.",
      from: { path: featurePure, pathNot: tests },
      to: {
        path: "^(db|app|scripts)/|^server/|^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|tls)$",
        pathNot: `^server/(domain|events)/|^server/errors\\.ts$|${featurePure}`,
      },
    },
    {
      name: "features-use-each-other-through-their-surface",
      severity: "error",
      comment:
        "A feature may use another feature only through its index, contract, rules or events, so a feature's " +
        "internals can change without breaking its neighbours.",
      from: { path: "^server/features/([^/]+)/", pathNot: tests },
      to: { path: "^server/features/", pathNot: `^server/features/$1/|^server/features/[^/]+/${featurePublic}` },
    },
    {
      name: "server-never-imports-app",
      severity: "error",
      comment: "Pages sit above the server; the server must not depend on them.",
      from: { path: "^server/", pathNot: tests },
      to: { path: "^(app|scripts|bench)/" },
    },
    {
      name: "adapters-below-composition",
      severity: "error",
      comment: "Only createApp (server/app.ts) builds the app; adapters read what it built through the runtime bridge.",
      from: { path: adapters, pathNot: tests },
      to: { path: "^server/((main|app)\\.ts$|demo/)|^(app|scripts)/" },
    },
    {
      name: "app-reaches-server-through-trpc",
      severity: "error",
      comment:
        "Pages and components use the server only through tRPC (AppRouter types, the in-process caller in " +
        "app/lib/server.ts), procedure contracts, AppError reasons, pure domain rules and the live-event types. " +
        "Route handlers under app/api are the server's HTTP adapters and may reach it directly.",
      from: { path: "^app/", pathNot: `${tests}|^app/api/|^app/lib/server\\.ts$` },
      to: {
        path: "^(server|db|scripts|bench)/",
        pathNot: `^server/(domain|events)/|^server/(errors|trpc/root|infra/realtime/events|infra/auth/session)\\.ts$|${featurePure}`,
      },
    },
    {
      name: "app-server-types-only",
      severity: "error",
      comment: "The router, the live-event contract and the session shape reach pages as types only.",
      from: { path: "^app/", pathNot: `${tests}|^app/api/|^app/lib/server\\.ts$` },
      to: {
        path: "^server/(trpc/|events/|infra/realtime/events\\.ts$|infra/auth/session\\.ts$)|^server/features/[^/]+/events(\\.ts$|/)",
        dependencyTypesNot: ["type-only"],
      },
    },
    // Two rules because a capture group is pasted into the target pattern unescaped: a folder such as
    // "[id]" would read as a character class, so the dynamic segment's brackets are written out here.
    {
      name: "routes-do-not-import-each-other",
      severity: "error",
      comment:
        "A route folder's files are its own (not its parent's, child's or sibling's): what two routes share " +
        "lives in app/_features/<feature>/, app/components or app/lib.",
      from: { path: "^app/([^\\[\\]]*/|)[^/\\[\\]]+$", pathNot: "^app/(_features|components|lib)/" },
      to: { path: "^app/(?!_features/|components/|lib/)", pathNot: "^app/$1[^/]+$" },
    },
    {
      name: "dynamic-routes-do-not-import-each-other",
      severity: "error",
      comment: "The same rule for files under one dynamic segment such as app/projects/[id]/.",
      from: { path: "^app/([^\\[]*)\\[([^\\]]*)\\]/([^\\[\\]]*/|)[^/]+$" },
      to: { path: "^app/(?!_features/|components/|lib/)", pathNot: "^app/$1\\[$2\\]/$3[^/]+$" },
    },
    {
      name: "shared-ui-imports-no-route",
      severity: "error",
      comment: "Shared UI sits below the routes that use it.",
      from: { path: "^app/(_features|components|lib)/" },
      to: { path: "^app/(?!_features/|components/|lib/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|test-results|playwright-report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
