// Who may see and change which domain: the one rule every REST route and console page relies on, kept in
// one place so no route can forget it. A zone belongs to its owning account; zones without an owner
// (created by the operator with the CLI, like the demo zone) are visible to administrators only.
import type { AccountId } from '../store/store.js';

/** Actor is the signed-in account (or the account behind an API token) a request acts for. */
export interface Actor {
  readonly accountId: AccountId;
  readonly email: string;
  readonly isAdmin: boolean;
}

/** canManageZone tells whether `actor` may see and change a zone with the given owner. */
export function canManageZone(actor: Actor, zone: { readonly ownerAccountId: AccountId | null }): boolean {
  if (zone.ownerAccountId === null) return actor.isAdmin;
  return zone.ownerAccountId === actor.accountId;
}
