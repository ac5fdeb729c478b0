import { describe, expect, it } from 'vitest';
import { aCatalog, anImageNamed } from '../support/builders';
import { startStack } from '../support/stack';

// One local host per process: the refused start has a file of its own, next to buildOptions.test.ts.
const base = anImageNamed('img-options');

describe('a build size that cannot host the image', () => {
  it('stops the app at startup, naming the field and every image it fails', async () => {
    const arm64 = anImageNamed('img-arm', { definition: { ...base.definition, offer: 'img-arm', architecture: 'Arm64' } });
    const tl = anImageNamed('img-tl-arm', { definition: { ...base.definition, offer: 'img-tl-arm', securityType: 'TrustedLaunch' }, build: { vmSize: 'Standard_D2ps_v5' } });
    const error = await startStack({ catalog: aCatalog({ images: [arm64, tl] }) }).then(
      async (s) => {
        await s.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    const message = error instanceof Error ? error.message : String(error);
    expect(message).toMatch(/staging\.vmSize: Standard_D2s_v5 \(.*\) is x64, but the definition's architecture is Arm64 \(image img-arm; set images\[0\]\.build\.vmSize\)/);
    expect(message).toMatch(/images\[1\]\.build\.vmSize: Standard_D2ps_v5 \(.*\) is Arm64, but the definition's architecture is x64/);
    expect(message).toMatch(/images\[1\]\.build\.vmSize: Standard_D2ps_v5 \(.*\) does not support trusted launch/);
  });
});
