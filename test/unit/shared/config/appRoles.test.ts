import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppRoles } from '../../../../shared/config/appRoles';

const ROOT = join(__dirname, '../../../..');

describe('loadAppRoles', () => {
  it('declares the six infra/roles files at their targets plus the subnet join role on the build subnet', () => {
    const roles = loadAppRoles();
    expect(roles.map((r) => [r.roleName, r.assignTo])).toEqual([
      ['Image Autopilot Image Publisher', 'gallery'],
      ['Image Autopilot Build Operator', 'stagingResourceGroup'],
      ['Image Autopilot Capture Operator', 'captureScopes'],
      ['Image Autopilot Usage Reader', 'usageScopes'],
      ['Image Autopilot Subscription Reader', 'subscription'],
      ['Image Autopilot Policy Reader', 'otherSubscriptions'],
      ['Image Autopilot Subnet Join', 'buildSubnet'],
    ]);
  });

  it('carries exactly the actions of the files (what Bicep deploys is what the scan expects)', () => {
    const fromFile = (path: string) => (JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { permissions: { actions: string[] }[] }).permissions.flatMap((p) => p.actions);
    const byName = new Map(loadAppRoles().map((r) => [r.assignTo, r.permissions.flatMap((p) => p.actions)]));
    expect(byName.get('gallery')).toEqual(fromFile('infra/roles/image-publisher.json'));
    expect(byName.get('buildSubnet')).toEqual(fromFile('infra/subnet-join-role.json'));
    expect(byName.get('subscription')).toEqual(fromFile('infra/roles/subscription-reader.json'));
    expect(byName.get('otherSubscriptions')).toEqual(fromFile('infra/roles/policy-reader.json'));
  });
});
