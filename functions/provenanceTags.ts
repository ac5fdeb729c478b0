/** Tag names of DESIGN.md §7 — written on versions and temporary resources, read by sweeper, capture and rebuild planning. */
export const BUILD_TAG = 'autopilot-build';
export const INSTANCE_TAG = 'autopilot-instance';
export const TRIGGER_TAG = 'autopilot-trigger';
export const RECIPE_TAG = 'autopilot-recipe-sha256';
export const BASE_IMAGE_TAG = 'autopilot-base-image';
export const SOURCE_VM_TAG = 'autopilot-source-vm';
export const CAPTURE_TO_TAG = 'autopilot-capture-to';
export const DELETE_AFTER_CAPTURE_TAG = 'autopilot-delete-after-capture';
/** Azure's limit on tag values. */
export const MAX_TAG_VALUE_LENGTH = 256;
