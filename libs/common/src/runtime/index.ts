// `@org/common/runtime` (reviewed in api/common-runtime.api.md): the Node.js floor check. Imports
// nothing, so an entry point can run it before any module that would fail on an older Node is evaluated.
export { assertSupportedNode, MIN_NODE_VERSION, UnsupportedNodeError } from './node-floor.js';
