/**
 * Architecture rules of docs/architecture.md#dependency-rules, as code: trigger → orchestrator → activity → port → adapter, one role per
 * folder, one home per word. Each rule says why it exists; test/unit/architecture/rules.test.ts plants a violation of
 * each and expects the rule to name it. Paths into node_modules are matched unanchored: a worktree may link it.
 */

// Replay-side code: orchestrators, their helpers and the declarations they read. It re-runs from history.
const REPLAY_SIDE = '^functions/(orchestrators|durable|contracts)/';
const DURABLE_RUNTIME = '(^|/)node_modules/(durable-functions|@azure/functions)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'Domain rules are pure: no SDKs, no Node I/O, nothing outside shared/domain, so they are testable with a fixed now. ' +
        'node:crypto alone is allowed: hashing is deterministic and pure in all but name.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { pathNot: '^(shared/domain/|(node:)?crypto$)' },
    },
    {
      name: 'ports-only-know-domain',
      comment: 'Ports are interfaces over domain types; importing an SDK would leak its models through every activity.',
      severity: 'error',
      from: { path: '^shared/ports/' },
      to: { pathNot: '^shared/(ports|domain)/' },
    },
    {
      name: 'adapters-only-from-composition-root',
      comment: 'Only functions/composition/dependencies.ts builds adapters; everything else depends on ports so it can be tested with fakes.',
      severity: 'error',
      from: { path: '^(functions|shared)/', pathNot: '^(functions/composition/dependencies\\.ts$|shared/adapters/)' },
      to: { path: '^shared/adapters/' },
    },
    {
      name: 'sdk-only-in-adapters',
      comment: 'Only adapters import the ARM, identity and Event Grid SDKs: one seam maps SDK errors to our codes.',
      severity: 'error',
      from: { path: '^(functions|shared)/', pathNot: '^shared/adapters/' },
      to: { path: 'node_modules/@azure/(arm-|identity|eventgrid)' },
    },
    {
      name: 'orchestrators-stay-deterministic',
      comment:
        'Orchestrators, the durable helpers and the contracts replay from history: they may use each other, domain rules ' +
        'and the Durable runtime only (port types come as types, next rule), never code that does I/O or reads config.',
      severity: 'error',
      from: { path: REPLAY_SIDE },
      to: { pathNot: `^(functions/(orchestrators|durable|contracts)/|shared/(domain|ports)/)|${DURABLE_RUNTIME}` },
    },
    {
      name: 'orchestrators-stay-deterministic',
      comment: 'Replay-side code may name port types (views, refs) but never run port code: such imports are type-only.',
      severity: 'error',
      from: { path: REPLAY_SIDE },
      to: { path: '^shared/ports/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'orchestrators-no-node-builtins',
      comment: 'Node built-ins mean I/O or clocks, which break replay.',
      severity: 'error',
      from: { path: REPLAY_SIDE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'activities-get-ports-not-clients',
      comment: 'Activities receive ports through their factory; constructing clients there would bypass the composition root.',
      severity: 'error',
      from: { path: '^functions/activities/' },
      to: { path: '^shared/(adapters|config)/|node_modules/@azure/(arm-|identity)' },
    },
    {
      name: 'activities-know-no-callers',
      comment:
        'An activity is one side effect or one plan over ports: it never knows who calls it. Vocabulary it shares with ' +
        'triggers (tags, rules) lives in shared/domain, payload types in contracts.',
      severity: 'error',
      from: { path: '^functions/activities/' },
      to: { path: '^functions/(triggers|orchestrators|composition)/' },
    },
    {
      name: 'triggers-start-not-run',
      comment:
        'Triggers validate, copy settings into an input and start an orchestration. Running activity or orchestrator code ' +
        'in a trigger skips durable retries and leaves no history; what a trigger reads, it reads through ports.',
      severity: 'error',
      from: { path: '^functions/triggers/' },
      to: { path: '^functions/(activities|orchestrators|composition)/' },
    },
    {
      name: 'durable-helpers-are-leaves',
      comment: 'The durable kernel (typed calls, polling, progress, instance IDs) serves every feature and depends on none.',
      severity: 'error',
      from: { path: '^functions/durable/' },
      to: { path: '^functions/', pathNot: '^functions/durable/' },
    },
    {
      name: 'contracts-are-declarations',
      comment:
        'Contracts are durable names and payload types only: importing behaviour would let it past the determinism rules ' +
        'under a contract\'s name. Names come from durable/descriptors.ts; types from shared, as types.',
      severity: 'error',
      from: { path: '^functions/contracts/' },
      to: { pathNot: '^(functions/contracts/|functions/durable/descriptors\\.ts$|shared/(domain|ports)/)' },
    },
    {
      name: 'contracts-are-declarations',
      comment: 'Contracts take domain and port vocabulary as types only, so no runtime code hides behind a contract.',
      severity: 'error',
      from: { path: '^functions/contracts/' },
      to: { path: '^shared/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'functions-root-is-entry-only',
      comment:
        'functions/index.ts, the package entry, is alone at the root: every other file has a role folder, and nothing ' +
        'imports the entry. (A loose file nobody imports is caught by no-orphans.)',
      severity: 'error',
      from: {},
      to: { path: '^functions/[^/]+\\.ts$' },
    },
    {
      name: 'product-never-imports-tests',
      comment: 'Test helpers must never ship inside or steer the product.',
      severity: 'error',
      from: { path: '^(functions|shared|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'product-never-imports-offline-azure',
      comment: 'The app runs on Azure, never on its stand-in: the offline Azure package and the tools that start it stay out of the product and its build.',
      severity: 'error',
      from: { path: '^(functions|shared)/' },
      to: { path: '^(packages|tools)/|node_modules/@image-autopilot/' },
    },
    {
      name: 'cli-talks-http-only',
      comment:
        'npx image-autopilot is a client of the HTTP API like any other: running product code in-process would bypass the ' +
        "routes' validation, auth and errors. Types describing the answers are fine.",
      severity: 'error',
      from: { path: '^tools/cli/' },
      to: { path: '^(functions|shared|scripts|packages|test)/|node_modules/@image-autopilot/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'offline-azure-stands-alone',
      comment: 'The offline Azure behaves like Azure for any app: it never borrows the app\'s code, so it cannot share its bugs.',
      severity: 'error',
      from: { path: '^packages/azure-offline' },
      to: { path: '^(functions|shared|tools|test|scripts|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make module load order matter and hide layering mistakes.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead code or a forgotten move; type declarations and configs are exempt.',
      severity: 'error',
      from: { orphan: true, pathNot: ['(^|/)\\.[^/]+\\.(js|cjs|mjs|ts)$', '\\.d\\.ts$', '(^|/)(tsconfig|vitest)[^/]*$'] },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'What ships (the app, the policy CLI, the offline Azure package) installs only `dependencies`: a devDependency ' +
        'would be missing in production. Tests, benchmarks and configs may use them.',
      severity: 'error',
      from: {
        path: '^(functions|shared|scripts|packages/[^/]+/src)/',
        pathNot: ['\\.(test|spec|bench)\\.ts$', '(^|/)(test|bench)/', '(^|/)[^/]*\\.config\\.[cm]?[jt]s$'],
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)dist/' },
  },
};
