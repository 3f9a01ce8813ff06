// First import of every entry point of @org/ingest: refuses a Node.js below the floor with one sentence,
// before a module that would fail on it (undici 8 on Node 20) is evaluated.
import { assertSupportedNode } from '@org/common/runtime';

assertSupportedNode('@org/ingest');
