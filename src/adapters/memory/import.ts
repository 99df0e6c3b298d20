import { err, ok, type Result } from "neverthrow";
import type { z } from "zod/v4";
import { type CatalogImport, CatalogImportSchema, type ImportReport, ImportRulesSchema } from "../../domain/catalog.js";
import { type SharingErrorOf, SharingErrors, type StoreError } from "../../domain/errors.js";
import type { ImageEvent } from "../../domain/events.js";
import type { Image } from "../../domain/image.js";
import type { Member } from "../../domain/member.js";
import { parseArgument } from "../../domain/parse.js";
import { type Catalog, checkCatalog, memberKey, type StoredCatalogFacts } from "../../policy/import.js";
import type { CommitReceipt, ImageFacts, ImageFactsQuery, StoreCommit } from "../../ports/store.js";

// Bulk import into the in-memory store: the same rules as the Postgres import (policy/import.ts
// decides), the same events, written through the store's own atomic commit, image by image,
// once the whole catalog has been checked (so either all of it goes in, or nothing).

/** The service rules the catalog must keep (see `ImportRulesSchema`); may be omitted. */
export const MemoryImportOptionsSchema = ImportRulesSchema.prefault(() => Object.create(null));

/** The store surface the import writes through (the in-memory store's own methods, answering at once). */
export type ImportTarget = {
  readImageFacts(query: ImageFactsQuery): Result<ImageFacts, StoreError>;
  commit(commit: StoreCommit): Result<CommitReceipt, StoreError>;
  addAccounts(accounts: readonly { readonly id: string }[]): Result<void, SharingErrorOf<"ValidationError">>;
  isKnownAccount(accountId: string): boolean;
};

/** The stored facts the catalog touches. */
function storedFacts(target: ImportTarget, catalog: Catalog): StoredCatalogFacts {
  const images = new Map<string, { ownerAccountId: string; memberCount: number }>();
  const members = new Set<string>();
  const knownAccounts = new Set<string>();
  const imageIds = new Set([...catalog.images.map((i) => i.id), ...catalog.members.map((m) => m.imageId)]);
  for (const imageId of imageIds) {
    const facts = target.readImageFacts({ imageId, accountId: "", withMembers: true });
    const stored = facts.isOk() ? facts.value : null;
    if (stored?.image == null) continue;
    images.set(imageId, {
      ownerAccountId: stored.image.image.ownerAccountId,
      memberCount: stored.members?.length ?? 0,
    });
    for (const m of stored.members ?? []) members.add(memberKey(m.imageId, m.consumerAccountId));
  }
  for (const consumer of new Set(catalog.members.map((m) => m.consumerAccountId))) {
    if (target.isKnownAccount(consumer)) knownAccounts.add(consumer);
  }
  return { images, members, knownAccounts };
}

/** The events the service would have recorded for an imported member. */
function memberEvents(member: Member, ownerAccountId: string, newId: () => string): ImageEvent[] {
  const about = { imageId: member.imageId, ownerAccountId, consumerAccountId: member.consumerAccountId };
  const shared: ImageEvent = {
    id: newId(),
    type: "ImageShared",
    occurredAt: member.createdAt,
    ...about,
    actorAccountId: ownerAccountId,
    ...(member.expiresAt === undefined ? {} : { expiresAt: member.expiresAt }),
  };
  if (member.status === "pending") return [shared];
  const type = member.status === "accepted" ? "ShareAccepted" : "ShareRejected";
  return [
    shared,
    { id: newId(), type, occurredAt: member.updatedAt, ...about, actorAccountId: member.consumerAccountId },
  ];
}

/**
 * Imports a catalog into the store: every rule checked first (a broken one is a
 * `ValidationError` with paths into the catalog, and nothing is written), then accounts,
 * images with `ImageCreated`, and members with `ImageShared` (+ `ShareAccepted` /
 * `ShareRejected` for decided ones), exactly as the Postgres import writes them.
 */
export function importCatalogInto(
  target: ImportTarget,
  catalog: CatalogImport,
  rules: z.output<typeof MemoryImportOptionsSchema>,
  newId: () => string,
): Result<ImportReport, StoreError | SharingErrorOf<"ValidationError">> {
  const parsed = parseArgument(CatalogImportSchema, catalog, []);
  if (!parsed.success) return err(SharingErrors.validation(parsed.issues));
  const data: Catalog = parsed.data;
  const issues = checkCatalog(data, storedFacts(target, data), rules);
  if (issues.length > 0) return err(SharingErrors.validation(issues));
  const added = target.addAccounts(data.accounts);
  if (added.isErr()) return err(added.error);
  const owners = new Map<string, string>();
  let events = 0;
  for (const image of data.images as Image[]) {
    owners.set(image.id, image.ownerAccountId);
    const created: ImageEvent = {
      id: newId(),
      type: "ImageCreated",
      occurredAt: image.createdAt,
      imageId: image.id,
      ownerAccountId: image.ownerAccountId,
      actorAccountId: image.ownerAccountId,
    };
    const committed = target.commit({ imageId: image.id, expectedVersion: null, image, events: [created] });
    if (committed.isErr()) return err(committed.error);
    events += 1;
  }
  const byImage = new Map<string, Member[]>();
  for (const member of data.members) byImage.set(member.imageId, [...(byImage.get(member.imageId) ?? []), member]);
  for (const [imageId, members] of byImage) {
    const facts = target.readImageFacts({ imageId, accountId: "" });
    if (facts.isErr()) return err(facts.error);
    const version = facts.value.image?.version ?? null;
    const owner = owners.get(imageId) ?? facts.value.image?.image.ownerAccountId ?? "";
    const recorded = members.flatMap((m) => memberEvents(m, owner, newId));
    const committed = target.commit({ imageId, expectedVersion: version, putMembers: members, events: recorded });
    if (committed.isErr()) return err(committed.error);
    events += recorded.length;
  }
  return ok({ accounts: data.accounts.length, images: data.images.length, members: data.members.length, events });
}
