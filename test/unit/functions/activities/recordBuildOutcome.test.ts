import { describe, expect, it } from 'vitest';
import type { DefinitionTagsPort } from '../../../../shared/ports/definitionTagsPort';
import type { ImageDefinitionRef } from '../../../../shared/ports/galleryPort';
import { aDefinition, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { createRecordBuildOutcomeActivity } from '../../../../functions/activities/recordBuildOutcome';

const ref: ImageDefinitionRef = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

/** Writes tags back into the FakeArm's definition, like the PATCH does on ARM. */
class FakeDefinitionTags implements DefinitionTagsPort {
  readonly writes: Record<string, string>[] = [];
  constructor(private readonly arm: FakeArm) {}
  async setImageDefinitionTags(target: ImageDefinitionRef, tags: Record<string, string>): Promise<void> {
    this.writes.push(tags);
    this.arm.addDefinition(target, { ...(await this.arm.getImageDefinition(target)), tags: { ...tags } });
  }
}

function armWith(tags: Record<string, string> = {}) {
  const arm = new FakeArm();
  arm.addDefinition(ref, aDefinition({ tags }));
  return arm;
}

describe('recordBuildOutcome', () => {
  const at = '2026-11-25T03:10:00.000Z';

  it('counts a failure once however often it is recorded, and keeps other tags', async () => {
    const arm = armWith({ owner: 'platform' });
    const tags = new FakeDefinitionTags(arm);
    const record = createRecordBuildOutcomeActivity({ gallery: arm, definitionTags: tags });
    expect(await record({ ref, succeeded: false, at })).toEqual({ consecutiveFailures: 1 });
    expect(await record({ ref, succeeded: false, at })).toEqual({ consecutiveFailures: 1 });
    expect(await record({ ref, succeeded: false, at: '2026-11-26T03:10:00.000Z' })).toEqual({ consecutiveFailures: 2 });
    expect(tags.writes.at(-1)).toEqual({ owner: 'platform', 'autopilot-consecutive-failures': '2', 'autopilot-last-failure': '2026-11-26T03:10:00.000Z' });
    expect(tags.writes).toHaveLength(2);
  });

  it('a success removes the count (whatever its tag case) and writes nothing when there is none', async () => {
    const arm = armWith({ owner: 'platform', 'Autopilot-Consecutive-Failures': '3', 'autopilot-last-failure': at });
    const tags = new FakeDefinitionTags(arm);
    const record = createRecordBuildOutcomeActivity({ gallery: arm, definitionTags: tags });
    expect(await record({ ref, succeeded: true, at })).toEqual({ consecutiveFailures: 0 });
    expect(tags.writes).toEqual([{ owner: 'platform' }]);
    expect(await record({ ref, succeeded: true, at })).toEqual({ consecutiveFailures: 0 });
    expect(tags.writes).toHaveLength(1);
  });
});
