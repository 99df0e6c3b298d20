import type { ValidationIssue } from "../domain/errors.js";
import type { Image } from "../domain/image.js";
import type { Member } from "../domain/member.js";

// Bulk import of an existing catalog (e.g. moved from an OpenStack Glance database): the rules a
// catalog must keep to enter a store, decided on plain values. Pure: no I/O, no clock. A store's
// import path reads the few facts of its own data the catalog touches, hands them in here, and
// writes the catalog only when this finds no problem (all or nothing).

/** What an import brings: directory entries, images, and members of images (new or stored). */
export type Catalog = {
  readonly accounts: readonly { readonly id: string }[];
  readonly images: readonly Image[];
  readonly members: readonly Member[];
};

/** What the store already holds, as far as the catalog touches it. */
export type StoredCatalogFacts = {
  /** Accounts in the directory among those the catalog's members name as consumers. */
  readonly knownAccounts: ReadonlySet<string>;
  /** Stored images among those the catalog names (as images or as members' images), with their owner and member count. */
  readonly images: ReadonlyMap<string, { readonly ownerAccountId: string; readonly memberCount: number }>;
  /** Stored members among those the catalog brings, as {@link memberKey}s. */
  readonly members: ReadonlySet<string>;
};

/** The rules of the service the catalog is imported for. */
export type CatalogRules = {
  /** The region catalog: an image must live in one of these (R6). */
  readonly regions: readonly string[];
  /** Most members per image, stored ones included (R11); `Infinity` for no limit. */
  readonly memberQuota: number;
};

/** How many issues are reported at most (a broken export can hold millions). */
export const MAX_IMPORT_ISSUES = 100;

/** The key of a member: image id and consumer account id (ids never contain NUL). */
export const memberKey = (imageId: string, consumerAccountId: string): string => `${imageId}\u0000${consumerAccountId}`;

/**
 * Every rule the catalog breaks, at most {@link MAX_IMPORT_ISSUES} (empty: it may be imported):
 * - an image id is new: not stored, not twice in the catalog;
 * - an image lives in a region of the catalog (R6);
 * - a member's image is in the catalog or stored;
 * - a member is not the image's owner (R10, SelfShare);
 * - a member's consumer is a known account: in the catalog's accounts or the directory (R10);
 * - a member is new: not stored, not twice in the catalog (R5: a member exists once);
 * - an image has at most `memberQuota` members, stored ones included (R11).
 * Shapes (ids, timestamps, statuses) are the schemas' business, checked before this.
 */
export function checkCatalog(catalog: Catalog, stored: StoredCatalogFacts, rules: CatalogRules): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report = (path: (string | number)[], message: string): boolean => {
    if (issues.length < MAX_IMPORT_ISSUES) issues.push({ path, message });
    return issues.length < MAX_IMPORT_ISSUES;
  };
  const regions = new Set(rules.regions);
  const owners = new Map<string, string>();
  for (const [index, image] of catalog.images.entries()) {
    if (stored.images.has(image.id) || owners.has(image.id)) {
      if (!report(["images", index, "id"], `image ${image.id} already exists`)) return issues;
    }
    if (!regions.has(image.region)) {
      if (!report(["images", index, "region"], `region ${image.region} is not in this service's catalog`))
        return issues;
    }
    if (!owners.has(image.id)) owners.set(image.id, image.ownerAccountId);
  }
  const accounts = new Set(catalog.accounts.map((a) => a.id));
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const [index, member] of catalog.members.entries()) {
    const at = (field: string) => ["members", index, field];
    const storedImage = stored.images.get(member.imageId);
    const owner = owners.get(member.imageId) ?? storedImage?.ownerAccountId;
    if (owner === undefined) {
      if (!report(at("imageId"), `image ${member.imageId} is neither in the catalog nor stored`)) return issues;
      continue;
    }
    // A member refused for itself is not counted toward its image's quota (one problem, one issue).
    if (member.consumerAccountId === owner) {
      if (!report(at("consumerAccountId"), `image ${member.imageId} cannot be shared with the account that owns it`))
        return issues;
      continue;
    }
    if (!accounts.has(member.consumerAccountId) && !stored.knownAccounts.has(member.consumerAccountId)) {
      if (
        !report(
          at("consumerAccountId"),
          `account ${member.consumerAccountId} is not in the directory nor in the catalog's accounts`,
        )
      )
        return issues;
      continue;
    }
    const key = memberKey(member.imageId, member.consumerAccountId);
    if (seen.has(key) || stored.members.has(key)) {
      if (
        !report(
          at("consumerAccountId"),
          `image ${member.imageId} is already shared with account ${member.consumerAccountId}`,
        )
      )
        return issues;
      continue;
    }
    seen.add(key);
    const count = (counts.get(member.imageId) ?? storedImage?.memberCount ?? 0) + 1;
    counts.set(member.imageId, count);
    if (count > rules.memberQuota) {
      if (
        !report(at("imageId"), `image ${member.imageId} would have more than its quota of ${rules.memberQuota} members`)
      )
        return issues;
    }
  }
  return issues;
}
