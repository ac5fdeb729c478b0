import type { ResolveBaseImageInput, ResolveBaseImageOutput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { parseResourceId } from '../../shared/ports/resourceId';
import { compareVersions } from '../../shared/domain/versions';
import { baseImageTagValue } from '../../shared/domain/rebuildPlan';
import { sha256Hex } from '../../shared/domain/hashing';

function pinned(source: ResolveBaseImageOutput['source'], exact: string): ResolveBaseImageOutput {
  return { source, exact, tag: baseImageTagValue(exact, sha256Hex) };
}

const GALLERY_IMAGE = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/galleries\/([^/]+)\/images\/([^/]+))(?:\/versions\/([^/]+))?\/?$/i;

/**
 * Pins the base image to an exact version, so the build uses what the provenance tag records: `latest` of a
 * marketplace image becomes the highest platform version; a gallery definition becomes its latest version.
 */
export function createResolveBaseImageActivity(ports: { compute: ComputePort; gallery: GalleryPort }) {
  return async (input: ResolveBaseImageInput): Promise<ResolveBaseImageOutput> => {
    const base = input.baseImage;
    if (base.type === 'marketplace') {
      let version = base.version;
      if (version.toLowerCase() === 'latest') {
        const versions = await ports.compute.listPlatformImageVersions(input.location, base.publisher, base.offer, base.sku);
        const highest = [...versions].sort((a, b) => compareVersions(b, a))[0];
        if (highest === undefined) {
          throw new Error(`NOT_FOUND: no platform image versions of ${base.publisher}:${base.offer}:${base.sku} in ${input.location}`);
        }
        version = highest;
      }
      return pinned(
        { type: 'marketplace', publisher: base.publisher, offer: base.offer, sku: base.sku, version },
        `${base.publisher}:${base.offer}:${base.sku}:${version}`,
      );
    }
    const match = GALLERY_IMAGE.exec(base.imageId);
    if (!match || !match[1] || !match[2] || !match[3]) throw new Error(`BAD_REQUEST: not a gallery image ID: ${base.imageId}`);
    if (match[4] !== undefined) return pinned({ type: 'gallery', imageId: base.imageId }, base.imageId);
    const id = parseResourceId(match[1].replace(/\/images\/[^/]+$/i, ''));
    const versions = await ports.gallery.listImageVersions({
      subscriptionId: id.subscriptionId,
      resourceGroup: id.resourceGroup,
      galleryName: match[2],
      imageName: match[3],
    });
    const candidates = versions.filter((v) => !v.excludeFromLatest && v.provisioningState === 'Succeeded');
    const latest = [...candidates].sort((a, b) => compareVersions(b.name, a.name))[0];
    if (!latest) throw new Error(`NOT_FOUND: gallery image ${base.imageId} has no version that serves latest`);
    const imageId = `${match[1]}/versions/${latest.name}`;
    return pinned({ type: 'gallery', imageId }, imageId);
  };
}
