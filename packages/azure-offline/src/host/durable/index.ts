/** The local host's Durable Task backend. See docs/durable-backend.md. */
export { createDurableBackend, durableBackendFactory, type DurableBackendOptions, type LocalDurableBackend } from './createDurableBackend';
export { waitForInstance, type InstanceStatus, type WaitOptions } from './waitForInstance';
export { clientBinding, durableApiPath } from './clientBinding';
