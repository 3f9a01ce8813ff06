// `@org/ingest/signing` (reviewed in api/ingest-signing.api.md): HubSpot's signatures, with no Nest or
// decorator imports, so tools, benchmarks and clients can load them without the module (and run them
// with Node's type stripping).
import '../node-floor.check.js';
export {
  hubSpotV3Headers,
  normalizeHubSpotV3Uri,
  signHubSpotV1,
  signHubSpotV2,
  signHubSpotV3,
  type HubSpotV3SignatureInput,
} from './hubspot.signature.js';
