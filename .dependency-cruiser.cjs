// The arrows of the house (docs/how-it-works.md "Where the code lives"), checked by `npm run lint`:
// functions → aws, core; cli → sim, console, aws, core (and the handlers in functions/, from its
// runtime only: the local runtime runs the same handlers as Lambda); console → aws, core;
// sim → aws, core; aws → core; infra → core; core → nothing of ours. Inside core only the
// registry lists the capabilities (the engine, model, time, config… reach them through it) and a
// capability imports no other; outside core, entry points and adapters may import a
// capability's use case or the ports it defines. The baseline .dependency-cruiser-known-violations.json
// is empty (kept so --ignore-known has a file to read): what capabilities share goes through the registry (roles.ts).
const pkg = (name) => `^packages/${name}/`;
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", comment: "an import cycle ties modules into one", from: {}, to: { circular: true } },
    { name: "core-stands-alone", severity: "error", from: { path: pkg("core") }, to: { path: "^(packages/(?!core/)|functions/)" } },
    { name: "aws-needs-core-only", severity: "error", from: { path: pkg("aws") }, to: { path: "^(packages/(?!(aws|core)/)|functions/)" } },
    { name: "infra-needs-core-only", severity: "error", from: { path: pkg("infra") }, to: { path: "^(packages/(?!(infra|core)/)|functions/)" } },
    { name: "functions-need-aws-and-core", severity: "error", from: { path: "^functions/" }, to: { path: "^packages/(?!(aws|core)/)" } },
    { name: "sim-needs-aws-and-core", severity: "error", from: { path: pkg("sim") }, to: { path: "^(packages/(?!(sim|aws|core)/)|functions/)" } },
    { name: "console-needs-aws-and-core", severity: "error", from: { path: pkg("console") }, to: { path: "^(packages/(?!(console|aws|core)/)|functions/)" } },
    { name: "cli-runs-handlers-from-its-runtime-only", severity: "error", from: { path: pkg("cli"), pathNot: "^packages/cli/src/runtime/" }, to: { path: "^functions/" } },
    { name: "cli-needs-no-infra", severity: "error", from: { path: pkg("cli") }, to: { path: pkg("infra") } },
    { name: "only-the-registry-lists-capabilities", severity: "error", from: { path: "^packages/core/src/", pathNot: "^packages/core/src/(registry\\.ts|capabilities/)" }, to: { path: "^packages/core/src/capabilities/" } },
    { name: "capabilities-stand-apart", severity: "error", from: { path: "^packages/core/src/capabilities/([^/]+)/" }, to: { path: "^packages/core/src/capabilities/", pathNot: "^packages/core/src/capabilities/$1/" } },
    { name: "cli-declarations-load-nothing", severity: "error", comment: "a command's declaration (packages/cli/src/commands/) imports the module that runs it only when it runs, with import(): the help and usage errors load no command (node_modules are not cruised: test/e2e/cli-first-line.test.ts holds the AWS SDK out)", from: { path: "^packages/cli/src/commands/" }, to: { dynamic: false, path: "^(functions/|packages/(?!core/|cli/src/(commands/|command\\.ts$|values\\.ts$|history-filters\\.ts$|runtime/demo-members\\.ts$)))" } },
    { name: "src-never-imports-tests", severity: "error", from: { path: "^(packages|functions)/" }, to: { path: "^(test|bench)/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(\\.sst|\\.tools|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "default"] },
  },
};
