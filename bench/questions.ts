import { createPrng } from "./prng.js";
import { at, REGIONS, regionOf, type World } from "./world.js";

// The two questions every implementation answers, with the answers the world implies, so each
// implementation is checked for agreement before it is timed.

/** "May account `account` boot image `image` in `region`?" and the answer the rules give. */
export type BootQuestion = {
  readonly account: number;
  readonly image: number;
  readonly region: string;
  readonly allowed: boolean;
};

/** The three groups of boot checks that are timed separately. */
export type BootQuestionSets = {
  readonly acceptedShare: readonly BootQuestion[];
  readonly ownImage: readonly BootQuestion[];
  /** A mix: pending share, rejected share, an account that is no member, an accepted share in the wrong region. */
  readonly denied: readonly BootQuestion[];
};

const otherRegion = (region: string): string =>
  REGIONS[(REGIONS.indexOf(region as (typeof REGIONS)[number]) + 1) % REGIONS.length] ?? "DFW";

/** Members of image `i` whose consumer is `account`, as a status code, or -1. */
function statusOf(world: World, image: number, account: number): number {
  for (let j = at(world.memberStart, image); j < at(world.memberStart, image + 1); j += 1) {
    if (at(world.memberConsumer, j) === account) return at(world.memberStatus, j);
  }
  return -1;
}

/** `count` questions of each group, drawn with a fixed seed. */
export function bootQuestions(world: World, count: number, seed = 7): BootQuestionSets {
  const random = createPrng(seed);
  // Status codes: 0 pending, 1 accepted, 2 rejected (see STATUS_CODES in world.ts).
  const memberWithStatus = (status: number): number => {
    for (;;) {
      const j = random.below(world.members);
      if (at(world.memberStatus, j) === status) return j;
    }
  };
  const fromMember = (j: number, region: (home: string) => string, allowed: boolean): BootQuestion => {
    const image = at(world.memberImage, j);
    return { account: at(world.memberConsumer, j), image, region: region(regionOf(world, image)), allowed };
  };
  const stranger = (): BootQuestion => {
    const image = random.below(world.images);
    let account = random.below(world.accounts);
    while (account === at(world.imageOwner, image) || statusOf(world, image, account) !== -1)
      account = random.below(world.accounts);
    return { account, image, region: regionOf(world, image), allowed: false };
  };
  const same = (home: string): string => home;
  const acceptedShare = Array.from({ length: count }, () => fromMember(memberWithStatus(1), same, true));
  const ownImage = Array.from({ length: count }, (): BootQuestion => {
    const image = random.below(world.images);
    return { account: at(world.imageOwner, image), image, region: regionOf(world, image), allowed: true };
  });
  const denied = Array.from({ length: count }, (_, k): BootQuestion => {
    switch (k % 4) {
      case 0:
        return fromMember(memberWithStatus(0), same, false);
      case 1:
        return fromMember(memberWithStatus(2), same, false);
      case 2:
        return stranger();
      default:
        return fromMember(memberWithStatus(1), otherRegion, false);
    }
  });
  return { acceptedShare, ownImage, denied };
}

/**
 * The image indexes `account` sees in `selector` ("global" or a region): its own images and
 * its accepted shares, newest first (highest index first), at most `limit`.
 */
export function expectedVisible(world: World, account: number, selector: string, limit: number): number[] {
  const visible: number[] = [];
  for (let i = world.images - 1; i >= 0 && visible.length < limit; i -= 1) {
    if (selector !== "global" && regionOf(world, i) !== selector) continue;
    if (at(world.imageOwner, i) === account || statusOf(world, i, account) === 1) visible.push(i);
  }
  return visible;
}

/** The list questions that are timed: the subject account, all regions and one region. */
export const LIST_SELECTORS = ["global", "IAD"] as const;
