import { randomUUID } from 'node:crypto';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { HttpResponse } from '@azure/functions';
import * as z from 'zod';
import type { AppConfig } from '../../shared/config/loadConfig';
import type { Catalog } from '../../shared/domain/catalog';
import { imageResumed } from '../../shared/domain/notifications/eventBuilders';
import { imageOf, toNotificationEvent } from '../../shared/domain/notifications/notificationDraft';
import { isPaused } from '../../shared/domain/pause';
import { quoted } from '../../shared/domain/quoted';
import { failureCount, withoutFailureTags } from '../../shared/domain/tags';
import type { Ports } from '../../shared/ports/ports';
import { errorCodeOf } from '../../shared/ports/portError';
import { validationFailed } from './http/errorResponse';
import { routeImage } from './http/imageNameProblem';
import { parseJsonBody } from './http/parseJsonBody';
import { requestedByOf } from './http/authorize';

/** Nothing to say yet: the body is `{}` (or none), like every POST route's, so a field added later is not ignored by old apps. */
export const resumeImageBody = z.strictObject({});

export interface ResumeApp {
  config: AppConfig;
  catalog: Catalog;
  ports: Pick<Ports, 'gallery' | 'definitionTags' | 'notifications'>;
}

/**
 * `POST /api/images/{image}/resume`: clears the failure pause (docs/hands-off.md#failure-pause) by removing the
 * failure count from the image definition's tags, so the next scheduled run plans the image like any other.
 * Idempotent: an image that is not paused is answered the same, with no write and no event.
 */
export function createResumeImageHandler(app: ResumeApp) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, resumeImageBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const named = routeImage(app.catalog, request);
    if (!named.ok) return named.response;
    const image = named.image;
    const g = app.catalog.gallery;
    const ref = { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name, imageName: image.name };
    // `resumed` tells a cleared pause from an image that was not paused, which gets the same 200 with no write.
    const answer = (resumed: boolean) => new HttpResponse({ status: 200, jsonBody: { image: image.name, paused: false, resumed } });

    let tags: Record<string, string>;
    try {
      // Read right before the write: the PATCH replaces every tag, so it must start from the current ones.
      tags = (await app.ports.gallery.getImageDefinition(ref)).tags;
    } catch (error) {
      // No definition yet (never built): nothing can be paused.
      if (errorCodeOf(error) === 'NOT_FOUND') return answer(false);
      throw error;
    }
    const failures = failureCount(tags);
    if (!isPaused(failures, image.rebuild.pauseAfterFailures)) return answer(false);
    await app.ports.definitionTags.setImageDefinitionTags(ref, withoutFailureTags(tags));
    context.log(`resumed ${image.name}: cleared ${failures} consecutive failures`);

    const draft = imageResumed({ ...imageOf(ref), consecutiveFailures: failures });
    const by = requestedByOf(request);
    const data = by === undefined ? draft.data : { ...draft.data, requestedBy: by };
    const event = toNotificationEvent({ ...draft, data }, { id: randomUUID(), time: new Date() });
    try {
      await app.ports.notifications.publish([event]);
    } catch (error) {
      // The pause is cleared either way; an event that did not go out must not make the caller retry a done resume.
      context.warn(`NOTIFICATION_FAILED: ${event.type} (${event.subject}) was not published: ${quoted(error, 500)}`);
    }
    return answer(true);
  };
}
