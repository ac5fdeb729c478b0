/**
 * durable-functions requires axios (with form-data and mime-db), moment, lodash's cloneDeep and all of validator at
 * load, though it calls them only once a durable client is built or an orchestration replays; a cold start would
 * parse ~0.5 MiB of them for nothing. In the app's bundle each is answered by a stand-in that loads the real module
 * from its own bundle on first use (like the Azure SDKs), and validator by the one function it calls.
 */
import type { Plugin } from 'esbuild';

/** The bundle of durable-functions' deferred dependencies, beside the app's bundle. */
export const DURABLE_DEPS_FILE = 'durable-deps.js';
export const DEFERRED_DURABLE_DEPS = ['axios', 'moment', 'lodash/cloneDeep'] as const;

const FROM_DURABLE_FUNCTIONS = /[\\/]node_modules[\\/]durable-functions[\\/]/;
const NAMESPACE = 'durable-deps';

/**
 * A function-shaped proxy: callable like moment() or cloneDeep(), and every property read (axios' `default`,
 * moment.duration) is read from the real module, loaded at the first call or read.
 */
function standIn(name: string): string {
  const load = `() => require('./${DURABLE_DEPS_FILE}')[${JSON.stringify(name)}]`;
  return `const load = ${load};
module.exports = new Proxy(function () {}, {
  apply: (_target, self, args) => Reflect.apply(load(), self, args),
  get: (_target, key) => load()[key],
  has: (_target, key) => key in load(),
});
`;
}

export const durableDepsOnFirstUse: Plugin = {
  name: 'durable-deps-on-first-use',
  setup(plugin) {
    const names = new RegExp(`^(${[...DEFERRED_DURABLE_DEPS, 'validator'].join('|')})$`);
    plugin.onResolve({ filter: names }, (args) =>
      FROM_DURABLE_FUNCTIONS.test(args.importer) ? { path: args.path, namespace: NAMESPACE, pluginData: args.resolveDir } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) =>
      args.path === 'validator'
        ? // durable-functions calls validator's isURL only; that file needs a handful of validator's helpers.
          { contents: `module.exports = { isURL: require('validator/lib/isURL') };`, loader: 'js', resolveDir: args.pluginData as string }
        : { contents: standIn(args.path), loader: 'js' },
    );
    plugin.onResolve({ filter: new RegExp(`^\\./${DURABLE_DEPS_FILE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
  },
};

/** The source of the deferred dependencies' own bundle: a getter per module, so requiring it runs none of them. */
export function durableDepsBundleSource(): string {
  const getters = DEFERRED_DURABLE_DEPS.map((name) => `  get ${JSON.stringify(name)}() { return require(${JSON.stringify(name)}); },`);
  return `module.exports = {\n${getters.join('\n')}\n};\n`;
}
