// `@org/common/runtime`: the Node.js floor check. Imports nothing, so an entry point can run it before
// any module that would fail on an older Node is evaluated.
export * from './node-floor.js';
