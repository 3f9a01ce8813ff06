import { isMissingPackage } from '@org/common';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import { peerPackageMissing } from '../ingest.messages.js';

/**
 * Runs `importer`, which imports a module needing the optional peer `packageName`.
 * @throws IngestConfigurationError naming `option` and the package when it is not installed.
 */
export async function importWithPeer<T>(
  importer: () => Promise<T>,
  option: string,
  packageName: string,
): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    if (!isMissingPackage(error, packageName)) throw error;
    throw new IngestConfigurationError(peerPackageMissing(option, packageName));
  }
}
