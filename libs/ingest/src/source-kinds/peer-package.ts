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
    const notFound =
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ||
      /Cannot find (module|package)/.test(String(error));
    if (!notFound || !String(error).includes(packageName)) throw error;
    throw new IngestConfigurationError(peerPackageMissing(option, packageName));
  }
}
