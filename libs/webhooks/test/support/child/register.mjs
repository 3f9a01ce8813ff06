// `node --import ./register.mjs --conditions=@org/source child.ts`: see swc-loader.mjs.
import { register } from 'node:module';

register('./swc-loader.mjs', import.meta.url);
