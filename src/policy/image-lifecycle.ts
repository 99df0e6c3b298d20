import { err, ok, type Result } from "neverthrow";
import type { Decision } from "../domain/change.js";
import type { SharingError } from "../domain/errors.js";
import { actorOf } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import { isExpired, type Member } from "../domain/member.js";
import type { Principal } from "../domain/principal.js";
import { authorizeOnImage, type ImageAccessFacts } from "./access.js";
import { requireRole } from "./rbac.js";

// Creating, renaming and deleting images: owner-only actions (R8), with the cascade of R13.

/** Facts for creating an image; the id and time are injected, never invented here. */
export type CreateImageFacts = {
  readonly principal: Principal;
  readonly imageId: string;
  readonly name: string;
  readonly region: string;
  readonly sizeBytes: number;
  readonly now: string;
};

/** A new image owned by the principal's account, in the given region. */
export function decideCreateImage(facts: CreateImageFacts): Result<Decision<Image>, SharingError> {
  const role = requireRole(facts.principal, "createImage");
  if (role.isErr()) return err(role.error);
  const { principal, imageId, name, region, sizeBytes, now } = facts;
  const image: Image = {
    id: imageId,
    ownerAccountId: principal.accountId,
    name,
    region,
    sizeBytes,
    createdAt: now,
    updatedAt: now,
  };
  return ok({
    value: image,
    change: {
      image,
      events: [{ type: "ImageCreated", imageId, ownerAccountId: principal.accountId, ...actorOf(principal) }],
    },
  });
}

/**
 * Rename an image. Members see the new name at once: they read the producer's image, not a copy
 * (R7). Renaming to the current name changes nothing and records nothing.
 */
export function decideUpdateImage(
  facts: ImageAccessFacts & { readonly name: string },
): Result<Decision<Image>, SharingError> {
  const access = authorizeOnImage(facts, "updateImage", "owner");
  if (access.isErr()) return err(access.error);
  const { image } = access.value;
  if (image.name === facts.name) return ok({ value: image, change: null });
  const updated: Image = { ...image, name: facts.name, updatedAt: facts.now };
  return ok({
    value: updated,
    change: {
      image: updated,
      events: [
        { type: "ImageUpdated", imageId: image.id, ownerAccountId: image.ownerAccountId, ...actorOf(facts.principal) },
      ],
    },
  });
}

/**
 * Delete an image and, in the same step, all its members (R13): every consumer loses it at once.
 * One `ImageDeleted` event per account that loses the image: the owner, and each member account
 * whose share has not expired (an expired share was lost already, R18).
 */
export function decideDeleteImage(
  facts: ImageAccessFacts & { readonly members: readonly Member[] },
): Result<Decision<void>, SharingError> {
  const access = authorizeOnImage(facts, "deleteImage", "owner");
  if (access.isErr()) return err(access.error);
  const { image } = access.value;
  const base = {
    type: "ImageDeleted",
    imageId: image.id,
    ownerAccountId: image.ownerAccountId,
    ...actorOf(facts.principal),
  } as const;
  return ok({
    value: undefined,
    change: {
      image: null,
      events: [
        base,
        ...facts.members
          .filter((m) => !isExpired(m, facts.now))
          .map((m) => ({ ...base, consumerAccountId: m.consumerAccountId })),
      ],
    },
  });
}
