export * from './clock/clock.js';
export * from './crypto/safe-equal.js';
export * from './http/api-error.js';
export * from './http/error-envelope.filter.js';
export * from './ids/prefixed-id.js';
export * from './pagination/cursor.js';
export * from './pagination/pagination-query.dto.js';
export * from './validation/validation.pipe.js';
