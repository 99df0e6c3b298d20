import { at, imageId, REGIONS, type World } from "../world.js";

/**
 * What every implementation answers, with plain strings in and out so that none is favoured
 * by the shape of its input:
 * - `mayBoot`: may a user of `accountId` boot image `imageId` in `region`?
 * - `visibleImageIds`: which images does `accountId` see in `selector` ("global" or a region),
 *   newest first, at most `limit`?
 */
export type Peer = {
  readonly name: string;
  mayBoot(accountId: string, imageId: string, region: string): boolean;
  visibleImageIds(accountId: string, selector: string, limit: number): string[] | Promise<string[]>;
};

/** An image as a peer keeps it: what the two questions need. */
export type ImageFacts = {
  readonly id: string;
  readonly ownerAccountId: string;
  readonly region: string;
  readonly createdAt: string;
};

/** The world's images, newest first (peers scan in that order and stop at `limit`: their best case). */
export function imagesNewestFirst(world: World): ImageFacts[] {
  const images: ImageFacts[] = [];
  for (let i = world.images - 1; i >= 0; i -= 1) {
    images.push({
      id: imageId(i),
      ownerAccountId: `acc-${at(world.imageOwner, i)}`,
      region: REGIONS[at(world.imageRegion, i)] ?? "DFW",
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    });
  }
  return images;
}

/** Image ids each account has accepted: the grants a share gives its consumer. */
export function acceptedByAccount(world: World): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (let j = 0; j < world.members; j += 1) {
    if (at(world.memberStatus, j) !== 1) continue;
    const consumer = `acc-${at(world.memberConsumer, j)}`;
    let list = grants.get(consumer);
    if (list === undefined) {
      list = [];
      grants.set(consumer, list);
    }
    list.push(imageId(at(world.memberImage, j)));
  }
  return grants;
}

/** True when an image in `region` is listed under `selector`. */
export const regionMatches = (selector: string, region: string): boolean =>
  selector === "global" || selector === region;
