import { describe, expect, it } from 'vitest';
import { anImage, aVersion } from '../../../support/builders';
import { aUser, DEFINITION_ID } from '../../../support/fakePrune';
import { planPrune } from '../../../../functions/activities/planPrune';

const NOW = '2026-11-25T08:00:00.000Z';

describe('planPrune activity', () => {
  const retention = { ...anImage().retention, keepLatest: 1, minAgeDays: 7 };

  it('maps pinned and through-latest usage onto the planner and keeps its order and reasons', () => {
    const versions = ['1.0.3', '1.0.2', '1.0.1'].map((name) => aVersion({ name }));
    const plan = planPrune({
      image: 'ubuntu-web',
      definitionId: DEFINITION_ID,
      versions,
      users: [aUser({ imageId: `${DEFINITION_ID}/versions/1.0.2` }), aUser({ id: `${DEFINITION_ID}/x/vmss`, imageId: DEFINITION_ID })],
      retention,
      now: NOW,
      dryRun: true,
      galleryShared: false,
      allowPruneWhenShared: false,
    });
    expect(plan.items.map((i) => [i.version, i.action, i.reason])).toEqual([
      ['1.0.3', 'keep', 'latest'],
      ['1.0.2', 'keep', 'in-use'],
      ['1.0.1', 'deprecate', 'superseded'],
    ]);
    expect(plan).toMatchObject({ image: 'ubuntu-web', dryRun: true, summary: { keep: 2, deprecate: 1, delete: 0 } });
  });

  it('a shared gallery keeps every removable version unless allowed', () => {
    const input = {
      image: 'ubuntu-web',
      definitionId: DEFINITION_ID,
      versions: ['1.0.2', '1.0.1'].map((name) => aVersion({ name })),
      users: [],
      retention,
      now: NOW,
      dryRun: false,
      galleryShared: true,
    };
    expect(planPrune({ ...input, allowPruneWhenShared: false }).items.map((i) => i.reason)).toEqual(['latest', 'shared-gallery']);
    expect(planPrune({ ...input, allowPruneWhenShared: true }).items.map((i) => i.action)).toEqual(['keep', 'deprecate']);
  });
});
