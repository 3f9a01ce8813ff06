import { describe } from '@jest/globals';
import { describeDeliveryActionsContract } from './support/delivery-actions.contract.js';
import { describeDeliveryLogContract } from './support/delivery-log.contract.js';
import { describeDeliveryMaintenanceContract } from './support/delivery-maintenance.contract.js';
import { describeDeliveryQueueContract } from './support/delivery-queue.contract.js';
import { deliveryStorageAdapters } from './support/delivery-storage.harness.js';

// The contracts of the four delivery ports: every adapter must pass the same cases.
describe.each(deliveryStorageAdapters)('$name delivery storage', (adapter) => {
  describeDeliveryQueueContract(adapter);
  describeDeliveryLogContract(adapter);
  describeDeliveryActionsContract(adapter);
  describeDeliveryMaintenanceContract(adapter);
});
