import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppRoles } from '../../../../shared/config/appRoles';

const ROOT = join(__dirname, '../../../..');

describe('loadAppRoles', () => {
  it('declares the seven infra/roles files at their targets plus the subnet join role on the build subnet', () => {
    const roles = loadAppRoles();
    expect(roles.map((r) => [r.roleName, r.assignTo])).toEqual([
      ['Image Autopilot Image Publisher', 'gallery'],
      ['Image Autopilot Build Operator', 'stagingResourceGroup'],
      ['Image Autopilot Capture Operator', 'captureScopes'],
      ['Image Autopilot Usage Reader', 'usageScopes'],
      ['Image Autopilot Subscription Reader', 'subscription'],
      ['Image Autopilot Policy Reader', 'otherSubscriptions'],
      ['Image Autopilot Gallery Sharing', 'gallery'],
      ['Image Autopilot Subnet Join', 'buildSubnet'],
    ]);
  });

  it('carries exactly the actions of the files (what Bicep deploys is what the scan expects)', () => {
    const fromFile = (path: string) => (JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { permissions: { actions: string[] }[] }).permissions.flatMap((p) => p.actions);
    const byName = new Map(loadAppRoles().map((r) => [r.roleName, r.permissions.flatMap((p) => p.actions)]));
    expect(byName.get('Image Autopilot Image Publisher')).toEqual(fromFile('infra/roles/image-publisher.json'));
    expect(byName.get('Image Autopilot Gallery Sharing')).toEqual(fromFile('infra/roles/gallery-sharing.json'));
    expect(byName.get('Image Autopilot Subnet Join')).toEqual(fromFile('infra/subnet-join-role.json'));
    expect(byName.get('Image Autopilot Subscription Reader')).toEqual(fromFile('infra/roles/subscription-reader.json'));
    expect(byName.get('Image Autopilot Policy Reader')).toEqual(fromFile('infra/roles/policy-reader.json'));
  });
});
