export * from './receiver.js';
export * from './receiver.types.js';
export * from './responses.js';
export * from './signature-checks.js';
