// `@org/ingest/signing`: signing helpers with no Nest or decorator imports, so tools, benchmarks and
// clients can load them without the module (and run them with Node's type stripping).
import '../node-floor.check.js';
export * from './hubspot.signature.js';
