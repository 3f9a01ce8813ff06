export {
  DOC_FILE_PATTERNS,
  findDeadLinks,
  findDocFiles,
  formatDeadLinks,
  type DeadLink,
} from './link-check.js';
export { portsInUse } from './free-ports.js';
export { ShellBlockFailure } from './foreground-shell.js';
export {
  extractShellBlocks,
  readShellBlocks,
  ShellBlockError,
  type BackgroundRun,
  type BlockRun,
  type ForegroundRun,
  type ShellBlock,
} from './shell-blocks.js';
export { TourSession, type BlockOutput, type TourOptions } from './tour-session.js';
export { userEnvironment } from './user-environment.js';
