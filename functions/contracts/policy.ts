/** Policy: the `policyScan` orchestration, its RBAC and name reads and its report plan. */
import type { DeclaredAppRole } from '../../shared/domain/policy/appRoles';
import type { PolicyScanData } from '../../shared/domain/policy/buildPolicyReport';
import type { NamedResource } from '../../shared/domain/policy/evaluateNames';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import type { RoleAssignmentItem, RoleDefinitionItem } from '../../shared/domain/policy/rbacItems';
import type { GalleryRef, GallerySharingProfile } from '../../shared/ports/galleryLifecyclePort';
import { activity, orchestrator } from '../durable/descriptors';

/** What a scan needs, copied from the catalog and infra/roles by the trigger (orchestrators never read config). */
export interface PolicyScanInput {
  catalog: PolicyScanData['catalog'];
  appRoles: DeclaredAppRole[];
  trigger: 'http' | 'schedule';
}

export interface ReadPolicyRbacInput {
  /**
   * A subscription (the gallery's, or another one holding capture or usage scopes): one unfiltered list covers it,
   * its resource groups and what it inherits.
   */
  scope: string;
  /**
   * Other subscriptions: FORBIDDEN or NOT_FOUND on the lists (the app's policy reader role not deployed there yet,
   * the subscription gone) comes back as `unreadable` — a finding — instead of failing the whole scan.
   */
  noAccessAsFinding?: boolean;
}

export interface ReadPolicyRbacOutput {
  assignments: RoleAssignmentItem[];
  roleDefinitions: RoleDefinitionItem[];
  /** `FORBIDDEN: …` when `noAccessAsFinding` was set and the lists could not be read. */
  unreadable?: string;
}

export interface ListPolicyNamesInput {
  /** Every gallery of the gallery's subscription is name-checked, managed by the catalog or not. */
  subscriptionId: string;
}

export const policyScan = orchestrator<PolicyScanInput, PolicyReport>('policyScan');
export const readPolicyRbac = activity<ReadPolicyRbacInput, ReadPolicyRbacOutput>('readPolicyRbac');
export const listPolicyNames = activity<ListPolicyNamesInput, NamedResource[]>('listPolicyNames');
export const planPolicyReport = activity<PolicyScanData, PolicyReport>('planPolicyReport');
/** The managed gallery's sharing profile (`$select=Permissions`), for the sharing allow-list (SH001). */
export const readGallerySharingProfile = activity<GalleryRef, GallerySharingProfile>('readGallerySharingProfile');
