import { at, imageId, STATUS_CODES, type World } from "../world.js";
import { type ImageFacts, imagesNewestFirst, type Peer, regionMatches } from "./peer.js";

type MemberFacts = { readonly imageId: string; readonly consumerAccountId: string; readonly status: string };

/**
 * The implementation a first version would be: two arrays and `find`/`filter`, no index.
 * It answers every question by scanning, so its cost grows with the whole store.
 */
export function createNaivePeer(world: World): Peer {
  const images: ImageFacts[] = imagesNewestFirst(world);
  const members: MemberFacts[] = [];
  for (let j = 0; j < world.members; j += 1) {
    members.push({
      imageId: imageId(at(world.memberImage, j)),
      consumerAccountId: `acc-${at(world.memberConsumer, j)}`,
      status: STATUS_CODES[at(world.memberStatus, j)] ?? "pending",
    });
  }
  return {
    name: "naive linear scan",
    mayBoot(accountId, id, region) {
      const image = images.find((candidate) => candidate.id === id);
      if (image === undefined || image.region !== region) return false;
      if (image.ownerAccountId === accountId) return true;
      return members.some((m) => m.imageId === id && m.consumerAccountId === accountId && m.status === "accepted");
    },
    visibleImageIds(accountId, selector, limit) {
      const accepted = new Set(
        members.filter((m) => m.consumerAccountId === accountId && m.status === "accepted").map((m) => m.imageId),
      );
      const visible: string[] = [];
      for (const image of images) {
        if (visible.length >= limit) break;
        if (regionMatches(selector, image.region) && (image.ownerAccountId === accountId || accepted.has(image.id)))
          visible.push(image.id);
      }
      return visible;
    },
  };
}
