import type { CommunitySharingSpec, ReaderPrincipalType } from './sharingSpec';

/** A role assignment the reconciliation wants to exist: one reader at one scope (the gallery or a definition). */
export interface DesiredReader {
  scope: string;
  principalId: string;
  principalType: ReaderPrincipalType;
}

/** The catalog's sharing, resolved to ARM scopes (desiredSharing). */
export interface DesiredSharing {
  galleryId: string;
  /** The role readers get (full role definition ID as ARM writes it on assignments). */
  roleDefinitionId: string;
  readers: DesiredReader[];
  /** Absent: direct sharing is not managed. */
  direct?: { subscriptions: string[]; tenants: string[] };
  community?: CommunitySharingSpec;
}

/** A role assignment as listed at (and below) the gallery scope. */
export interface ActualAssignment {
  name: string;
  scope: string;
  principalId: string;
  principalType?: string;
  roleDefinitionId: string;
}

/** What the gallery shows: `sharingProfile` read with `$select=Permissions`, and the assignments at its scope. */
export interface ActualSharing {
  /** `Private`, `Groups` or `Community` (whatever else ARM says is passed through). */
  permissions: string;
  subscriptions: string[];
  tenants: string[];
  assignments: ActualAssignment[];
}
