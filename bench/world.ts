import type { Image, Member, MemberStatus, Principal } from "cloud-image-sharing";
import { createPrng } from "./prng.js";

// A deterministic synthetic world: accounts, images in six regions, members in every status.
// It is kept compact (typed arrays of indexes) and turned into library records only when a
// store or a peer loads it, so the records' memory is measured where it is loaded, not here.

/** The six regions of the default catalog; images are spread evenly over them. */
export const REGIONS = ["DFW", "ORD", "IAD", "LON", "HKG", "SYD"] as const;

/** The account whose lists are timed: it owns 60 images and holds shares in every status. */
export const SUBJECT = 0;

/** What the subject account sees: 60 own + 40 accepted = 100 visible images, 20 pending shares. */
export const SUBJECT_SHAPE = { ownImages: 60, accepted: 40, pending: 20, rejected: 10 } as const;

/** Member status codes in the typed arrays. */
export const STATUS_CODES: readonly MemberStatus[] = ["pending", "accepted", "rejected"];
const PENDING = 0;
const ACCEPTED = 1;
const REJECTED = 2;

/** Share of each status among the other accounts' members: 30% pending, 50% accepted, 20% rejected. */
function randomStatus(draw: number): number {
  return draw < 0.3 ? PENDING : draw < 0.8 ? ACCEPTED : REJECTED;
}

const BASE_TIME = Date.UTC(2024, 0, 1);

/**
 * The world as indexes. Image `i` belongs to account `imageOwner[i]`; its members are
 * `memberStart[i]` up to `memberStart[i + 1]` (grouped by image, no account twice per image).
 */
export type World = {
  readonly seed: number;
  readonly accounts: number;
  readonly images: number;
  readonly members: number;
  readonly imageOwner: Int32Array;
  readonly imageRegion: Uint8Array;
  readonly imageSizeMiB: Uint16Array;
  readonly memberStart: Int32Array;
  readonly memberImage: Int32Array;
  readonly memberConsumer: Int32Array;
  readonly memberStatus: Uint8Array;
};

/** Reads a typed array where the index is known to be in range (the arrays are built together). */
export function at(array: Int32Array | Uint8Array | Uint16Array, index: number): number {
  const value = array[index];
  if (value === undefined) throw new RangeError(`index ${index} out of range ${array.length}`);
  return value;
}

/**
 * Builds a world of `images` images, about as many members (duplicates of (image, account)
 * are dropped) and `max(100, images / 10)` accounts. Same seed, same world.
 */
export function buildWorld(images: number, seed = 20240101): World {
  const random = createPrng(seed);
  const accounts = Math.max(100, Math.floor(images / 10));
  const otherAccount = (): number => 1 + random.below(accounts - 1);
  const imageOwner = new Int32Array(images);
  const imageRegion = new Uint8Array(images);
  const imageSizeMiB = new Uint16Array(images);
  for (let i = 0; i < images; i += 1) {
    imageOwner[i] = otherAccount();
    imageRegion[i] = random.below(REGIONS.length);
    imageSizeMiB[i] = 1 + random.below(20_000);
  }
  // The subject's own images, spread over time and evenly over the regions.
  const subjectOwned = new Set<number>();
  for (let k = 0; k < SUBJECT_SHAPE.ownImages; k += 1) {
    const i = Math.floor(((k + 0.5) * images) / SUBJECT_SHAPE.ownImages);
    imageOwner[i] = SUBJECT;
    imageRegion[i] = k % REGIONS.length;
    subjectOwned.add(i);
  }
  const drafts = draftMembers(images, accounts, imageOwner, subjectOwned, random.below, random.next);
  return { seed, accounts, images, imageOwner, imageRegion, imageSizeMiB, ...groupByImage(images, drafts) };
}

type Drafts = { image: Int32Array; consumer: Int32Array; status: Uint8Array };

/** One member draft per image: the subject's shares first, then random (image, account, status). */
function draftMembers(
  images: number,
  accounts: number,
  imageOwner: Int32Array,
  subjectOwned: ReadonlySet<number>,
  below: (bound: number) => number,
  next: () => number,
): Drafts {
  const drafts: Drafts = {
    image: new Int32Array(images),
    consumer: new Int32Array(images),
    status: new Uint8Array(images),
  };
  const subjectStatuses = [
    ...Array<number>(SUBJECT_SHAPE.accepted).fill(ACCEPTED),
    ...Array<number>(SUBJECT_SHAPE.pending).fill(PENDING),
    ...Array<number>(SUBJECT_SHAPE.rejected).fill(REJECTED),
  ];
  const taken = new Set<number>(subjectOwned);
  subjectStatuses.forEach((status, j) => {
    let image = below(images);
    while (taken.has(image)) image = below(images);
    taken.add(image);
    drafts.image[j] = image;
    drafts.consumer[j] = SUBJECT;
    drafts.status[j] = status;
  });
  for (let j = subjectStatuses.length; j < images; j += 1) {
    const image = below(images);
    let consumer = 1 + below(accounts - 1);
    while (consumer === at(imageOwner, image)) consumer = 1 + below(accounts - 1);
    drafts.image[j] = image;
    drafts.consumer[j] = consumer;
    drafts.status[j] = randomStatus(next());
  }
  return drafts;
}

/** Groups drafts by image (counting sort) and drops a second member of the same account on one image. */
function groupByImage(
  images: number,
  drafts: Drafts,
): Pick<World, "members" | "memberStart" | "memberImage" | "memberConsumer" | "memberStatus"> {
  const start = new Int32Array(images + 1);
  for (const image of drafts.image) start[image + 1] = at(start, image + 1) + 1;
  for (let i = 0; i < images; i += 1) start[i + 1] = at(start, i + 1) + at(start, i);
  const fill = start.slice(0, images);
  const order = new Int32Array(drafts.image.length);
  drafts.image.forEach((image, j) => {
    const slot = at(fill, image);
    order[slot] = j;
    fill[image] = slot + 1;
  });
  const memberStart = new Int32Array(images + 1);
  const kept: number[] = [];
  for (let i = 0; i < images; i += 1) {
    const seen = new Set<number>();
    for (let slot = at(start, i); slot < at(start, i + 1); slot += 1) {
      const j = at(order, slot);
      const consumer = at(drafts.consumer, j);
      if (seen.has(consumer)) continue;
      seen.add(consumer);
      kept.push(j);
    }
    memberStart[i + 1] = kept.length;
  }
  const pick = <A extends Int32Array | Uint8Array>(source: A, make: (n: number) => A): A => {
    const out = make(kept.length);
    kept.forEach((j, k) => {
      out[k] = at(source, j);
    });
    return out;
  };
  return {
    members: kept.length,
    memberStart,
    memberImage: pick(drafts.image, (n) => new Int32Array(n)),
    memberConsumer: pick(drafts.consumer, (n) => new Int32Array(n)),
    memberStatus: pick(drafts.status, (n) => new Uint8Array(n)),
  };
}

/** The id of account `a`. Each call builds a fresh string, as a request would bring one. */
export const accountId = (a: number): string => `acc-${a}`;
/** The id of image `i`. */
export const imageId = (i: number): string => `img-${i}`;
/** The region of image `i`. */
export const regionOf = (world: World, i: number): string => REGIONS[at(world.imageRegion, i)] ?? "DFW";
/** Image `i` was created `i` seconds after the base time, so newest first = highest index first. */
export const imageCreatedAt = (i: number): string => new Date(BASE_TIME + i * 1000).toISOString();
/** Member `j` was created after every image. */
export const memberCreatedAt = (world: World, j: number): string =>
  new Date(BASE_TIME + (world.images + j) * 1000).toISOString();

/** Image `i` as the library stores it. */
export function imageAt(world: World, i: number): Image {
  const createdAt = imageCreatedAt(i);
  return {
    id: imageId(i),
    ownerAccountId: accountId(at(world.imageOwner, i)),
    name: `image ${i}`,
    region: regionOf(world, i),
    sizeBytes: at(world.imageSizeMiB, i) * 1_048_576,
    createdAt,
    updatedAt: createdAt,
  };
}

/**
 * Member `j` as the library stores it; `image` is the stored image (its id string is shared, as
 * in the service). A member that is no longer pending was decided half a second after the share,
 * so its `updatedAt` is a string of its own, as it would be.
 */
export function memberAt(world: World, j: number, image: Pick<Image, "id">): Member {
  const createdAt = memberCreatedAt(world, j);
  const status = STATUS_CODES[at(world.memberStatus, j)] ?? "pending";
  const updatedAt = status === "pending" ? createdAt : new Date(Date.parse(createdAt) + 500).toISOString();
  return { imageId: image.id, consumerAccountId: accountId(at(world.memberConsumer, j)), status, createdAt, updatedAt };
}

/** A user of account `a` with the read role: enough for lists and the boot check (R8). */
export function readerOf(a: number): Principal {
  return { userId: `user-${a}`, accountId: accountId(a), roles: ["cloudImages:observer"] };
}

/** A user of account `a` with the admin role: may share, accept and reject. */
export function adminOf(a: number): Principal {
  return { userId: `admin-${a}`, accountId: accountId(a), roles: ["cloudImages:admin"] };
}
