// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Spreading an array into a call (`out.push(...found)`, `Math.max(...xs)`, `f.apply(null, xs)`) passes every element
// as an argument on the stack, and V8 throws "Maximum call stack size exceeded" somewhere above ~100k of them: a policy
// scan of a large estate died that way. Product code never knows its lists are small enough, so loop or concat
// instead. No allow-list: every bounded case found was as easy to write as a loop.
const noSpreadIntoCalls = [
  { selector: 'CallExpression > SpreadElement, NewExpression > SpreadElement', message: 'No spread into call arguments: a large array overflows the stack. Loop (for…of push) or use concat.' },
  { selector: "CallExpression[callee.property.name='apply'][arguments.length=2]", message: 'No apply with an argument array: a large array overflows the stack. Loop or use concat.' },
];
const productCode = ['functions/**/*.ts', 'shared/**/*.ts', 'scripts/**/*.ts'];
// The named `z` is one object holding all of zod, every locale included, so the bundler keeps all of it: ~450 KiB
// more for each cold start of the package to parse. The namespace import lets it keep only what is used.
const zodAsNamespace = {
  selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
  message: "Import zod as a namespace (import * as z from 'zod'): the named z bundles all of zod.",
};

// Orchestrators replay from history: anything that reads the clock, randomness, the environment or does I/O
// would make a replay diverge from the recorded run. These bans are what Durable's code constraints demand. They
// cover every replay-side folder: the orchestrators (with their notify helpers), the durable kernel they call
// through, and the contracts they read (.dependency-cruiser.cjs keeps host-side code out of these folders).
const orchestratorDeterminism = {
  files: ['functions/orchestrators/**/*.ts', 'functions/durable/**/*.ts', 'functions/contracts/**/*.ts'],
  rules: {
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'Orchestrators never read process state; triggers copy settings into the input.' },
      { name: 'setTimeout', message: 'Use context.df.createTimer: a real timer does not survive replay.' },
      { name: 'setInterval', message: 'Use context.df.createTimer: a real timer does not survive replay.' },
      { name: 'fetch', message: 'I/O belongs in an activity.' },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use context.df.currentUtcDateTime.' },
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use context.df.currentUtcDateTime.' },
      { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use context.df.newGuid.' },
      { selector: 'FunctionDeclaration[async=true], FunctionExpression[async=true], ArrowFunctionExpression[async=true]', message: 'Orchestrators are generators; await breaks replay.' },
      { selector: 'AwaitExpression', message: 'Orchestrators are generators; await breaks replay.' },
      // Flat config replaces a rule's options per file rather than merging them, so orchestrators repeat this ban.
      ...noSpreadIntoCalls,
    ],
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process'], message: 'No Node built-ins in orchestrators.' },
          { group: ['@azure/arm-*', '@azure/identity', '@azure/eventgrid'], message: 'SDK calls belong in adapters behind activities.' },
          { group: ['**/adapters/**', '**/config/**'], message: 'Orchestrators never touch adapters or config.' },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'coverage/**', '.local/**', '.package/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: productCode, rules: { 'no-restricted-syntax': ['error', ...noSpreadIntoCalls, zodAsNamespace] } },
  // The Azure SDKs load on first use (a cold start pays for every module loaded at start): product code imports their
  // types only, and their values come through the lazy loaders of shared/adapters/azure/azureSdk.ts.
  {
    files: productCode,
    ignores: ['shared/adapters/azure/azureSdk.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@azure/arm-*', '@azure/identity', '@azure/eventgrid', '@azure/core-*'], allowTypeImports: true, message: 'Load Azure SDKs on first use through azureSdk.ts.' }] },
      ],
    },
  },
  { files: ['shared/adapters/azure/azureSdk.ts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  orchestratorDeterminism,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  // Build scripts run by node before anything is compiled.
  { files: ['tools/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      // Tests never focus or skip: a focused test hides every other failure.
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only' }, { object: 'describe', property: 'only' }, { object: 'test', property: 'only' },
        { object: 'it', property: 'skip' }, { object: 'describe', property: 'skip' }, { object: 'test', property: 'skip' },
      ],
    },
  },
);
