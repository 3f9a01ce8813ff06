import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { IngestModuleOptions } from './options/ingest-module-options.interface.js';

/** `forRoot` / `forRootAsync` (`useFactory`, `useClass`, `useExisting`) with an `isGlobal` extra. */
export const {
  ConfigurableModuleClass: ConfigurableIngestModule,
  MODULE_OPTIONS_TOKEN: INGEST_MODULE_OPTIONS,
  OPTIONS_TYPE: INGEST_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: INGEST_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<IngestModuleOptions>()
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createIngestOptions')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
