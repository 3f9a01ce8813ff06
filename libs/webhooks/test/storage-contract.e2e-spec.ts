import { describe } from '@jest/globals';
import { describeEventStoreContract } from './support/event-store.contract.js';
import { storageHarnesses } from './support/storage-harness.js';
import { describeSubscriptionStoreContract } from './support/subscription-store.contract.js';

describe.each(storageHarnesses)('$name storage', (harness) => {
  describeSubscriptionStoreContract(harness);
  describeEventStoreContract(harness);
});
