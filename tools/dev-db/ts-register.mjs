// `node --import @org/dev-db/ts-register`: installs ts-loader.mjs (see there).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
