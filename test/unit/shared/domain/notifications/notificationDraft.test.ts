import { describe, expect, it } from 'vitest';
import { buildStarted } from '../../../../../shared/domain/notifications/eventBuilders';
import { gallerySource, imageOf, imageSubject, toNotificationEvent } from '../../../../../shared/domain/notifications/notificationDraft';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../../support/builders';
import { aRun, gallery, GALLERY_ID } from './notificationBuilders';

describe('notification drafts', () => {
  it('stamps a draft with the id and time it is given, leaving the draft untouched', () => {
    const draft = buildStarted({ ...aRun(), version: '1.0.0', buildId: 'a1b2c3d4', trigger: 'http', baseImage: 'p:o:s:1' });
    const event = toNotificationEvent(draft, { id: 'guid-1', time: new Date('2026-11-25T08:00:15.000Z') });
    expect(event).toEqual({ id: 'guid-1', type: draft.type, source: draft.source, subject: draft.subject, time: '2026-11-25T08:00:15.000Z', data: draft.data });
    event.data.image = 'changed';
    expect(draft.data.image).toBe('ubuntu-web');
  });

  it.each([
    ['web', null, 'images/web'],
    ['web', '1.2.3', 'images/web/versions/1.2.3'],
  ])('subject of %s %s is %s', (image, version, subject) => {
    expect(imageSubject(image, version)).toBe(subject);
  });

  it('the source is the gallery resource ID, from gallery facts or an image definition reference', () => {
    expect(gallerySource(gallery)).toBe(GALLERY_ID);
    const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'web' };
    expect(imageOf(ref)).toEqual({ gallery, image: 'web' });
    expect(gallerySource(imageOf(ref).gallery)).toBe(GALLERY_ID);
  });
});
