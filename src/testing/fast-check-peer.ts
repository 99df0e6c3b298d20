/**
 * What `cloud-image-sharing/testing` says when fast-check, its optional peer dependency, is not
 * installed (the error thrown on `require` or `import` of the kit, instead of Node's bare
 * "Cannot find module 'fast-check'"). The build points the kit's fast-check import at a loader
 * that throws an `Error` with this message (see `tsup.config.ts`): a static import fails before
 * any code of the kit runs, so the kit itself cannot catch it.
 */
export const FAST_CHECK_MISSING =
  "cloud-image-sharing/testing needs fast-check, an optional peer dependency that is not installed: run `npm install --save-dev fast-check@^4` (or your package manager's equivalent)";
