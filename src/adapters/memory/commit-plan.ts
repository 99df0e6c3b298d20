import type { Image } from "../../domain/image.js";
import type { StoreCommit } from "../../ports/store.js";

// Before the in-memory store changes anything, it checks that a commit can be applied whole:
// what it does to the image, or why it cannot be applied at all (an invalid commit is a
// StorageFailure, like the Postgres store's, and changes nothing).

/** What a valid commit does to the image: create or replace it, delete it, or only touch its members. */
export type Plan<R> =
  | { readonly kind: "put"; readonly record: R | undefined; readonly image: Image }
  | { readonly kind: "delete"; readonly record: R }
  | { readonly kind: "members"; readonly record: R };

/** The plan of a commit on the stored `record` (if any), or why it cannot be applied at all. */
export function planCommit<R extends { readonly image: Image }>(
  commit: StoreCommit,
  record: R | undefined,
): Plan<R> | string {
  const { image } = commit;
  if (commit.putMembers?.some((m) => m.imageId !== commit.imageId))
    return "a member belongs to another image than the commit's";
  if (image === undefined || image === null) {
    if (record === undefined) return "the image does not exist";
    if (image === null && (commit.putMembers?.length ?? 0) > 0)
      return "members cannot be put on an image being deleted";
    return image === null ? { kind: "delete", record } : { kind: "members", record };
  }
  if (image.id !== commit.imageId) return "the image's id differs from the commit's imageId";
  if (
    record !== undefined &&
    (image.ownerAccountId !== record.image.ownerAccountId ||
      image.region !== record.image.region ||
      image.createdAt !== record.image.createdAt)
  ) {
    return "an image's owner, region and createdAt never change";
  }
  return { kind: "put", record, image };
}
