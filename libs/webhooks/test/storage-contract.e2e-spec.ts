import { describe } from '@jest/globals';
import { describeEventStoreContract } from './support/event-store.contract.js';
import { describeOAuth2TokenStoreContract } from './support/oauth2-token-store.contract.js';
import { storageHarnesses } from './support/storage-harness.js';
import { describeSubscriptionStoreContract } from './support/subscription-store.contract.js';

describe.each(storageHarnesses)('$name storage', (harness) => {
  describeSubscriptionStoreContract(harness);
  describeEventStoreContract(harness);
  describeOAuth2TokenStoreContract(harness);
});
