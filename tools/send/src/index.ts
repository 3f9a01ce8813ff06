// @org/send: payload builders and signed requests, reusable by benchmarks and tests.
export * from './stripe.payloads.js';
export * from './github.payloads.js';
export * from './hubspot.payloads.js';
export * from './signed-request.js';
export { parseArguments, run, USAGE, type SendCommand } from './cli.js';
