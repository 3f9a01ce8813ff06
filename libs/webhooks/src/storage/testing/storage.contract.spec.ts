import { describe } from '@jest/globals';
import { describeEventStoreContract } from './event-store.contract.js';
import { storageHarnesses } from './storage-harness.js';
import { describeSubscriptionStoreContract } from './subscription-store.contract.js';

describe.each(storageHarnesses)('$name storage', (harness) => {
  describeSubscriptionStoreContract(harness);
  describeEventStoreContract(harness);
});
