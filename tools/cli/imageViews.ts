import type { Image, ImageVersion } from './apiShapes';
import { errorText, runsTable } from './runViews';
import { cell, formatTable } from './table';

function lifecycleText(version: ImageVersion): string {
  return version.lifecycle === 'deprecated' && version.endOfLifeDate ? `deprecated (end of life ${version.endOfLifeDate})` : cell(version.lifecycle);
}

function regionsText(version: ImageVersion): string {
  return (version.replication?.regions ?? []).map((r) => `${r.region}=${r.state}`).join(' ') || '-';
}

export function imagesTable(images: readonly Image[]): string {
  if (images.length === 0) return 'no images in the catalog\n';
  return formatTable(
    ['IMAGE', 'LATEST', 'VERSIONS', 'LAST BUILD', 'PAUSED'],
    images.map((image) => [
      image.name,
      cell(image.latestVersion),
      String(image.versions?.length ?? 0),
      image.lastBuild ? `${cell(image.lastBuild.status)} ${cell(image.lastBuild.runId)}` : 'never built',
      image.paused ? 'yes' : 'no',
    ]),
  );
}

/** GET /api/images/{image}: versions with lifecycle and per-region replication, the pause, the last runs. */
export function imageDetail(image: Image): string {
  let text = `image     ${image.name}${image.gallery === undefined ? '' : ` (gallery ${image.gallery})`}\nlatest    ${cell(image.latestVersion)}\n`;
  const pause = image.pause;
  if (pause?.paused) text += `paused    since ${cell(pause.since)} after ${cell(pause.failures)} failures; last error ${errorText(pause.lastError)} (npx image-autopilot resume ${image.name})\n`;
  else text += `paused    no\n`;
  const versions = image.versions ?? [];
  text += '\nversions\n';
  text += versions.length === 0 ? 'none\n' : formatTable(['VERSION', 'PUBLISHED', 'LIFECYCLE', 'REPLICATION', 'REGIONS'], versions.map((v) => [v.name, cell(v.publishedDate), lifecycleText(v), cell(v.replication?.state), regionsText(v)]));
  if (image.runs !== undefined) text += '\nlast runs\n' + runsTable(image.runs);
  return text;
}
