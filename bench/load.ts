import type { Image, ImageEvent, ImageSharingStore, Member, StoreCommit } from "cloud-image-sharing";
import { accountId, at, imageAt, memberAt, type World } from "./world.js";

// Bulk loading: the world goes into the store through `store.commit`, the same atomic write the
// service uses, but without the service's validation and policy steps (which the other
// measurements cover). One commit per image, then one per image that has members.

/**
 * A UUID-shaped id for event `n`, as long as the `crypto.randomUUID()` ids the service makes
 * by default, built as one flat string (a concatenation would be a rope of several objects and
 * make the memory measurement unlike the real thing).
 */
export function eventId(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  const codes: number[] = [];
  for (const char of `00000000-0000-4000-8000-${hex}`) codes.push(char.charCodeAt(0));
  return String.fromCharCode(...codes);
}

let eventCounter = 0;

function event(fields: Omit<ImageEvent, "id">): ImageEvent {
  eventCounter += 1;
  return { id: eventId(eventCounter), ...fields };
}

async function commitOrThrow(store: ImageSharingStore, commit: StoreCommit): Promise<void> {
  const result = await store.commit(commit);
  if (result.isErr()) throw new Error(`bulk load failed on ${commit.imageId}: ${result.error.message}`);
}

async function storedImage(store: ImageSharingStore, imageId: string): Promise<{ image: Image; version: number }> {
  const found = await store.readImageFacts({ imageId, accountId: "bulk-loader" });
  if (found.isErr() || found.value.image === null) throw new Error(`bulk load: image ${imageId} is missing`);
  return found.value.image;
}

/** Creates every image of the world, each with its `ImageCreated` event. */
export async function loadImages(store: ImageSharingStore, world: World): Promise<void> {
  for (let i = 0; i < world.images; i += 1) {
    const image = imageAt(world, i);
    const created = event({
      type: "ImageCreated",
      occurredAt: image.createdAt,
      imageId: image.id,
      ownerAccountId: image.ownerAccountId,
      actorAccountId: image.ownerAccountId,
      actorUserId: `user-${at(world.imageOwner, i)}`,
    });
    await commitOrThrow(store, { imageId: image.id, expectedVersion: null, image, events: [created] });
  }
}

/**
 * Puts every member of the world in its final status, WITHOUT events (so the memory of the
 * member records and their indexes can be told apart from the events'). Member strings that the
 * service would share with the stored image (its id) are shared here too; the rest are fresh.
 */
export async function loadMembers(store: ImageSharingStore, world: World): Promise<void> {
  for (let i = 0; i < world.images; i += 1) {
    const from = at(world.memberStart, i);
    const to = at(world.memberStart, i + 1);
    if (from === to) continue;
    const { image, version } = await storedImage(store, `img-${i}`);
    const putMembers = [];
    for (let j = from; j < to; j += 1) putMembers.push(memberAt(world, j, image));
    await commitOrThrow(store, { imageId: image.id, expectedVersion: version, putMembers, events: [] });
  }
}

/**
 * Records the events the service would have recorded for those members: `ImageShared` for
 * each, plus `ShareAccepted` or `ShareRejected` for a member that is no longer pending
 * (on average 1.7 events per member). Each event goes to the owner's and the consumer's feed.
 */
export async function loadMemberEvents(store: ImageSharingStore, world: World): Promise<void> {
  for (let i = 0; i < world.images; i += 1) {
    const from = at(world.memberStart, i);
    const to = at(world.memberStart, i + 1);
    if (from === to) continue;
    const { image, version } = await storedImage(store, `img-${i}`);
    const events: ImageEvent[] = [];
    for (let j = from; j < to; j += 1) {
      const consumer = at(world.memberConsumer, j);
      // The stored member: its consumer id and timestamps are the strings the events share.
      const found = await store.readImageFacts({ imageId: image.id, accountId: accountId(consumer) });
      if (found.isErr() || found.value.member === null)
        throw new Error(`bulk load: member ${image.id}/${consumer} is missing`);
      const member: Member = found.value.member;
      const about = {
        imageId: image.id,
        ownerAccountId: image.ownerAccountId,
        consumerAccountId: member.consumerAccountId,
      };
      const producer = { actorAccountId: image.ownerAccountId, actorUserId: `admin-${at(world.imageOwner, i)}` };
      events.push(event({ type: "ImageShared", occurredAt: member.createdAt, ...about, ...producer }));
      if (member.status === "pending") continue;
      const type = member.status === "accepted" ? "ShareAccepted" : "ShareRejected";
      events.push(
        event({
          type,
          occurredAt: member.updatedAt,
          ...about,
          actorAccountId: accountId(consumer),
          actorUserId: `admin-${consumer}`,
        }),
      );
    }
    await commitOrThrow(store, { imageId: image.id, expectedVersion: version, events });
  }
}
