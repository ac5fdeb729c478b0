import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobSegment, NO_CLIENT_ID_REASON, NO_CONTAINER_REASON, NO_IDENTITY_REASON, stepLogBlobs, stepLogRef, stepLogTarget, stepLogTargetFor } from '../../../../shared/domain/stepLogs';

const CONTAINER = 'https://stiapx.blob.core.windows.net/run-logs';
const RUN = 'build-img-web-20261204T120000-abcd';
const VM = 'vm-build-1a2b3c';
const CLIENT = '6f1b2c3d-0000-4000-8000-000000000001';

describe('stepLogTarget', () => {
  it.each([
    ['no container', undefined, { configured: true, clientId: CLIENT }, { kind: 'inline', reason: NO_CONTAINER_REASON }],
    ['no build identity', CONTAINER, { configured: false, clientId: undefined }, { kind: 'inline', reason: NO_IDENTITY_REASON }],
    ['an identity without a client ID', CONTAINER, { configured: true, clientId: undefined }, { kind: 'inline', reason: NO_CLIENT_ID_REASON }],
    ['container and identity', `${CONTAINER}/`, { configured: true, clientId: CLIENT }, { kind: 'blob', containerUri: CONTAINER, runId: RUN, scope: VM, clientId: CLIENT }],
  ])('%s', (_name, container, identity, expected) => {
    expect(stepLogTarget(container, identity, RUN, VM)).toEqual(expected);
  });
});

describe('stepLogBlobs', () => {
  const target = { kind: 'blob' as const, containerUri: CONTAINER, runId: RUN, scope: VM, clientId: CLIENT };

  it.each([
    [0, 'install-nginx', '01-install-nginx'],
    [9, 'harden ssh', '10-harden-ssh'],
    [99, 'Ünïcode/step?', '100-n-code-step'],
    [2, '...', '03-step'],
  ])('step %i %j → %s.output.log / .error.log', (index, name, base) => {
    expect(stepLogBlobs(target, index, name)).toEqual({
      outputLogUri: `${CONTAINER}/${RUN}/${VM}/${base}.output.log`,
      errorLogUri: `${CONTAINER}/${RUN}/${VM}/${base}.error.log`,
    });
  });

  it('is the same for the same step (a re-run writes the same blobs) and differs between steps', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), fc.string(), (a, b, name) => {
        expect(stepLogBlobs(target, a, name)).toEqual(stepLogBlobs(target, a, name));
        if (a !== b) expect(stepLogBlobs(target, a, name).outputLogUri).not.toBe(stepLogBlobs(target, b, name).outputLogUri);
      }),
    );
  });

  it('names only URL-safe blob path segments', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const segment = blobSegment(text);
        expect(segment).toMatch(/^[A-Za-z0-9._-]{1,100}$/);
        expect(segment).not.toMatch(/^[.-]|[.-]$/);
        expect(encodeURIComponent(segment)).toBe(segment);
      }),
    );
  });
});

describe('stepLogRef', () => {
  it('links both blobs, or says why there are none', () => {
    expect(stepLogRef({ kind: 'blob', containerUri: CONTAINER, runId: 'r', scope: 'v', clientId: CLIENT }, 0, 's')).toEqual({
      outputLogUri: `${CONTAINER}/r/v/01-s.output.log`,
      errorLogUri: `${CONTAINER}/r/v/01-s.error.log`,
    });
    expect(stepLogRef({ kind: 'inline', reason: NO_IDENTITY_REASON }, 0, 's')).toEqual({ log: { kind: 'inline', reason: NO_IDENTITY_REASON } });
  });
});

describe('stepLogTargetFor', () => {
  it('keeps the run and the identity, names the other VM (or region); an inline target stays as it is', () => {
    const target = stepLogTarget(CONTAINER, { configured: true, clientId: CLIENT }, RUN, VM);
    expect(stepLogTargetFor(target, 'westeurope')).toEqual({ kind: 'blob', containerUri: CONTAINER, runId: RUN, scope: 'westeurope', clientId: CLIENT });
    const inline = { kind: 'inline' as const, reason: NO_IDENTITY_REASON };
    expect(stepLogTargetFor(inline, 'westeurope')).toBe(inline);
  });
});
