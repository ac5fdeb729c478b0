import type { OsState, OsType } from './catalog';
import { normalizeRegion } from './regions';
import { isInScope } from './scopes';
import { CAPTURE_TO_TAG, DELETE_AFTER_CAPTURE_TAG } from './tags';

/** The facts about a VM a capture decision reads (the compute port's VM view has this shape). */
export interface CaptureCandidate {
  id: string;
  name: string;
  location: string;
  /** `running`, `stopped`, `deallocated`, … */
  powerState: string;
  osType: OsType | null;
  osState: OsState | null;
  tags: Record<string, string>;
}

export interface CaptureRequest {
  vmId: string;
  /** Null when the VM does not exist. */
  vm: CaptureCandidate | null;
  /** Only the OS facts: the gallery's definition or, before one exists, the catalog's (they must agree). */
  definition: { osType: OsType; osState: OsState };
  image: string;
  captureScopes: readonly string[];
  /** The gallery's region: ARM creates a version only from a source VM there. */
  galleryLocation?: string;
}

export type CaptureDecision = { accept: true; needsDeallocate: boolean; deleteAfterCapture: boolean } | { accept: false; reason: string };

/**
 * Whether a VM may be captured into an image: it exists, lies in a capture scope, its
 * `autopilot-capture-to` tag, when present, names the image, its OS type matches the definition, and its OS state matches
 * (generalized definitions need a generalized VM; specialized ones a stopped VM). Pure: the HTTP trigger and the
 * capture orchestration (through planCapture) decide the same way.
 */
export function captureEligibility(input: CaptureRequest): CaptureDecision {
  const { vm, definition } = input;
  if (vm === null) return { accept: false, reason: `VM ${input.vmId} does not exist` };
  if (!input.captureScopes.some((scope) => isInScope(vm.id || input.vmId, scope))) {
    return { accept: false, reason: `VM ${vm.name} is outside the catalog's capture scopes` };
  }
  // The tag is the VM owner's consent for event-driven captures (captureFromEvent ignores untagged VMs); a person
  // naming the image explicitly over HTTP consents too, so only a tag that names another image refuses (docs/http-api.md#capture-a-vm).
  const target = vm.tags[CAPTURE_TO_TAG];
  if (target !== undefined && target.toLowerCase() !== input.image.toLowerCase()) {
    return { accept: false, reason: `VM ${vm.name} is tagged ${CAPTURE_TO_TAG}=${target}, not ${input.image}` };
  }
  if (vm.osType !== null && vm.osType !== definition.osType) {
    return { accept: false, reason: `VM ${vm.name} runs ${vm.osType} but image ${input.image} is ${definition.osType}` };
  }
  if (definition.osState === 'Generalized' && vm.osState !== 'Generalized') {
    return { accept: false, reason: `VM ${vm.name} is not generalized; image ${input.image} needs a generalized VM` };
  }
  if (definition.osState === 'Specialized' && vm.osState === 'Generalized') {
    return { accept: false, reason: `VM ${vm.name} is generalized but image ${input.image} is specialized` };
  }
  // Checked before the power state: a VM that can never be captured here must not be asked to stop first.
  if (input.galleryLocation !== undefined && normalizeRegion(vm.location) !== normalizeRegion(input.galleryLocation)) {
    const region = normalizeRegion(input.galleryLocation);
    return { accept: false, reason: `VM ${vm.name} is in ${normalizeRegion(vm.location)}, but versions can only be captured from the gallery's region ${region}` };
  }
  const stopped = vm.powerState === 'stopped' || vm.powerState === 'deallocated';
  if (!stopped) return { accept: false, reason: `VM ${vm.name} is ${vm.powerState}; stop it before capture` };
  return {
    accept: true,
    needsDeallocate: vm.powerState !== 'deallocated',
    deleteAfterCapture: vm.tags[DELETE_AFTER_CAPTURE_TAG]?.toLowerCase() === 'true',
  };
}
