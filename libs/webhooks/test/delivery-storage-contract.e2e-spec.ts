import { describe } from '@jest/globals';
import { describeDeliveryActionsContract } from './support/delivery-actions.contract.js';
import { describeDeliveryLogContract } from './support/delivery-log.contract.js';
import { describeDeliveryMaintenanceContract } from './support/delivery-maintenance.contract.js';
import { describeDeliveryQueueContract } from './support/delivery-queue.contract.js';
import { describeDeliveryStatusContract } from './support/delivery-status.contract.js';
import { deliveryStorageAdapters } from './support/delivery-storage.harness.js';

// The contracts of the four delivery ports (and the delivery status the log derives): every adapter must pass the same cases.
describe.each(deliveryStorageAdapters)('$name delivery storage', (adapter) => {
  describeDeliveryQueueContract(adapter);
  describeDeliveryLogContract(adapter);
  describeDeliveryStatusContract(adapter);
  describeDeliveryActionsContract(adapter);
  describeDeliveryMaintenanceContract(adapter);
});
