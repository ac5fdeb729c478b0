/** Typed fakes and builders for the prune activities and triggers: the usage and lifecycle ports in memory. */
import { HttpResponse, type HttpRequest } from '@azure/functions';
import type * as df from 'durable-functions';
import type { PruneClient } from '../../functions/triggers/startPrune';
import type { ImageDefinitionRef } from '../../shared/ports/galleryPort';
import { PortError } from '../../shared/ports/portError';
import type { ImageUser, UsagePort } from '../../shared/ports/usagePort';
import { aDefinition, LOCATION, SUBSCRIPTION } from './builders';
import { FakeDurableClient } from './fakeDurableClient';
import type { GalleryLifecyclePort, GalleryRef } from '../../shared/ports/galleryLifecyclePort';

export const DEFINITION_ID = aDefinition().id;

export function aUser(overrides: Partial<ImageUser> = {}): ImageUser {
  const name = overrides.id?.split('/').pop() ?? 'vm-app';
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachines/${name}`,
    kind: 'virtualMachine',
    location: LOCATION,
    imageId: `${DEFINITION_ID}/versions/1.0.0`,
    ...overrides,
  };
}

export class FakePrunePorts implements UsagePort, GalleryLifecyclePort {
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** Users per scope (lower-cased scope). */
  readonly users = new Map<string, ImageUser[]>();
  sharing = 'Private';
  /** The next call of this method throws this error (once). */
  readonly failNext = new Map<string, Error>();
  /** Versions the fake has "deleted" or "deprecated" (name → end of life). */
  readonly deleted: string[] = [];
  readonly deprecated = new Map<string, string>();

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      throw failure;
    }
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  addUsers(scope: string, ...users: ImageUser[]): void {
    this.users.set(scope.toLowerCase(), [...(this.users.get(scope.toLowerCase()) ?? []), ...users]);
  }

  async listImageUsers(scope: string): Promise<ImageUser[]> {
    this.record('listImageUsers', scope);
    return [...(this.users.get(scope.toLowerCase()) ?? [])];
  }

  async getGallerySharing(gallery: GalleryRef): Promise<string> {
    this.record('getGallerySharing', gallery);
    return this.sharing;
  }

  async startDeprecateImageVersion(ref: ImageDefinitionRef, version: string, endOfLifeDate: string): Promise<void> {
    this.record('startDeprecateImageVersion', ref, version, endOfLifeDate);
    this.deprecated.set(version, endOfLifeDate);
  }

  async startDeleteImageVersion(ref: ImageDefinitionRef, version: string): Promise<void> {
    this.record('startDeleteImageVersion', ref, version);
    this.deleted.push(version);
  }
}

export function portError(code: ConstructorParameters<typeof PortError>[0], detail = 'from the fake'): PortError {
  return new PortError(code, detail);
}

/** The durable client slice the prune route uses; `waitResult` is what the dry-run wait answers. */
export class FakePruneClient extends FakeDurableClient implements PruneClient {
  waitResult: HttpResponse = new HttpResponse({ status: 200, jsonBody: { dryRun: true } });
  readonly waited: { instanceId: string; options: df.WaitForCompletionOptions | undefined }[] = [];

  async waitForCompletionOrCreateCheckStatusResponse(
    _request: HttpRequest,
    instanceId: string,
    options?: df.WaitForCompletionOptions,
  ): Promise<HttpResponse> {
    this.waited.push({ instanceId, options });
    return this.waitResult;
  }
}
