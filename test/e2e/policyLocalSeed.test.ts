/**
 * Issue 9's "done when" for `npm run local`: the local run's seed (tools/local/seed.json) and catalog
 * (catalog.sample.yaml) are scanned by the same activities and plan the policy-scan orchestration runs, against the
 * emulated ARM. The seed's planted problems must come out with the right rules and severities.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppRoles } from '../../shared/config/appRoles';
import { policyScanInputFor } from '../../functions/triggers/policyScanInput';
import { createComputeClientFactory } from '../../shared/adapters/azure/createAzureAdapters';
import { createRoleAssignmentAdapter } from '../../shared/adapters/azure/roleAssignmentAdapter';
import { createGalleryInventoryAdapter } from '../../shared/adapters/azure/galleryInventoryAdapter';
import { readCatalogFile } from '../../shared/config/readCatalogFile';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import { startArmEmulator, type ArmEmulator, type SeedDocument } from '@image-autopilot/azure-offline';
import { createListPolicyNamesActivity } from '../../functions/activities/listPolicyNames';
import { createReadPolicyRbacActivity } from '../../functions/activities/readPolicyRbac';
import { planPolicyReport } from '../../functions/activities/planPolicyReport';

const ROOT = join(__dirname, '../..');
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

let arm: ArmEmulator;
let report: PolicyReport;

beforeAll(async () => {
  const seed = JSON.parse(readFileSync(join(ROOT, 'tools/local/seed.json'), 'utf8')) as SeedDocument;
  const catalog = readCatalogFile(join(ROOT, 'catalog.sample.yaml'));
  arm = await startArmEmulator({ seed });
  const sub = catalog.gallery.subscriptionId;
  const rbac = createRoleAssignmentAdapter({ armEndpoint: arm.url, caPem: arm.caPem, subscriptionId: sub }, credential);
  const galleryInventory = createGalleryInventoryAdapter(
    createComputeClientFactory({ armEndpoint: arm.url, caPem: arm.caPem, clientId: undefined, defaultSubscriptionId: sub, maxRetryAfterSeconds: 30 }, credential),
  );
  const input = policyScanInputFor(catalog, loadAppRoles(), 'http');
  const rbacState = await createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: `/subscriptions/${sub}` });
  const resources = await createListPolicyNamesActivity({ galleryInventory })({ subscriptionId: sub });
  report = planPolicyReport({ ...input, ...rbacState, resources, now: '2026-11-25T20:00:00.000Z' });
});

afterAll(async () => {
  await arm?.stop();
});

describe('policy scan of the npm run local estate', () => {
  it.each([
    ['LP001', 'high', 'Contributor'],
    ['LP001', 'high', 'Owner'],
    ['LP002', 'high', 'principals hold Owner'],
    ['LP003', 'medium', 'directly to users'],
    ['LP004', 'high', 'Legacy Image Admin'],
    ['LP006', 'high', 'Legacy Image Admin'],
    ['NM002', 'low', 'LegacyImages'],
    ['NM002', 'low', 'Win2019_Custom'],
  ])('reports %s (%s) about %s', (ruleId, severity, about) => {
    expect(report.findings.some((f) => f.ruleId === ruleId && f.severity === severity && f.message.includes(about))).toBe(true);
  });

  it('says nothing about the allow-listed audit group reading everything, nor about the catalog gallery names', () => {
    expect(report.findings.filter((f) => f.principalId === '11111111-1111-1111-1111-111111111111')).toEqual([]);
    expect(report.findings.filter((f) => f.resource?.toLowerCase().includes('/galleries/gal_golden_images'))).toEqual([]);
  });
});
