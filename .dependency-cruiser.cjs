/** Architecture rules of DESIGN.md §2, as code. Each rule says why it exists. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Domain rules are pure: no SDKs, no Node I/O, nothing outside shared/domain, so they are testable with a fixed now.',
      severity: 'error',
      from: { path: '^shared/domain' },
      to: { pathNot: '^shared/domain' },
    },
    {
      name: 'ports-only-know-domain',
      comment: 'Ports are interfaces over domain types; importing an SDK would leak its models through every activity.',
      severity: 'error',
      from: { path: '^shared/ports' },
      to: { pathNot: '^shared/(ports|domain)' },
    },
    {
      name: 'adapters-only-from-composition-root',
      comment: 'Only functions/dependencies.ts builds adapters; everything else depends on ports so it can be tested with fakes.',
      severity: 'error',
      from: { path: '^(functions|shared)', pathNot: '^(functions/dependencies\\.ts|shared/adapters)' },
      to: { path: '^shared/adapters' },
    },
    {
      name: 'sdk-only-in-adapters',
      comment: 'Only adapters import the ARM, identity and Event Grid SDKs: one seam maps SDK errors to our codes.',
      severity: 'error',
      from: { path: '^(functions|shared)', pathNot: '^shared/adapters' },
      to: { path: 'node_modules/@azure/(arm-|identity|eventgrid)' },
    },
    {
      name: 'orchestrators-stay-deterministic',
      comment: 'Orchestrators replay from history: they may use contracts, durable helpers and domain types only.',
      severity: 'error',
      from: { path: '^functions/orchestrators' },
      to: { pathNot: '^(functions/(orchestrators|durable|contracts\\.ts)|shared/domain|node_modules/durable-functions|node_modules/@azure/functions/)' },
    },
    {
      name: 'orchestrators-no-node-builtins',
      comment: 'Node built-ins mean I/O or clocks, which break replay.',
      severity: 'error',
      from: { path: '^functions/orchestrators' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'activities-get-ports-not-clients',
      comment: 'Activities receive ports through their factory; constructing clients there would bypass the composition root.',
      severity: 'error',
      from: { path: '^functions/activities' },
      to: { path: '^(shared/(adapters|config)|node_modules/@azure/(arm-|identity))' },
    },
    {
      name: 'product-never-imports-tests',
      comment: 'The emulator and test helpers must never ship inside or steer the product.',
      severity: 'error',
      from: { path: '^(functions|shared)' },
      to: { path: '^test' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make module load order matter and hide layering mistakes.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^dist|\\.test\\.ts$)' },
  },
};
