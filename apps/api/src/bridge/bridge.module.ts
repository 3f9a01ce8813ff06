import { Module } from '@nestjs/common';
import { IngestBridge } from './ingest-bridge.js';

/** Hosts the ingest-to-outbound bridge handlers (found by the ingest library's discovery). */
@Module({ providers: [IngestBridge] })
export class BridgeModule {}
