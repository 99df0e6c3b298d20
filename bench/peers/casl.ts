import { createMongoAbility, type ForcedSubject, type MongoAbility, subject } from "@casl/ability";
import type { World } from "../world.js";
import { acceptedByAccount, type ImageFacts, imagesNewestFirst, type Peer, regionMatches } from "./peer.js";

/** An image tagged with its CASL subject type (tagged once, when the peer is built). */
type TaggedImage = ImageFacts & ForcedSubject<"Image">;
type ImageAbility = MongoAbility<["boot" | "read", "Image" | TaggedImage]>;

/**
 * CASL 7 holding the same grants as conditions: an account may read and boot the images it
 * owns (`ownerAccountId`) and the images it accepted (`id $in [...]`). Abilities are built once
 * per account and cached (CASL's best case; building one costs more than a check). CASL judges
 * an object, so the boot check first finds the image by id in a Map, as an app would load it;
 * the region rule (boot only in the image's region) is an equality of two fields, which CASL
 * conditions cannot express, so it is checked beside CASL. CASL is not an index: the list
 * question filters every image through `ability.can`.
 */
export function createCaslPeer(world: World): Peer & { warm(accountIds: Iterable<string>): void } {
  const images: TaggedImage[] = imagesNewestFirst(world).map((image) => subject("Image", { ...image }));
  const byId = new Map<string, TaggedImage>(images.map((image) => [image.id, image]));
  const grants = acceptedByAccount(world);
  const abilities = new Map<string, ImageAbility>();
  const abilityFor = (accountId: string): ImageAbility => {
    let ability = abilities.get(accountId);
    if (ability === undefined) {
      ability = createMongoAbility<ImageAbility>([
        { action: ["boot", "read"], subject: "Image", conditions: { ownerAccountId: accountId } },
        { action: ["boot", "read"], subject: "Image", conditions: { id: { $in: grants.get(accountId) ?? [] } } },
      ]);
      abilities.set(accountId, ability);
    }
    return ability;
  };
  return {
    name: "@casl/ability 7",
    warm(accountIds) {
      for (const accountId of accountIds) abilityFor(accountId);
    },
    mayBoot(accountId, id, region) {
      const image = byId.get(id);
      return image !== undefined && image.region === region && abilityFor(accountId).can("boot", image);
    },
    visibleImageIds(accountId, selector, limit) {
      const ability = abilityFor(accountId);
      const visible: string[] = [];
      for (const image of images) {
        if (visible.length >= limit) break;
        if (regionMatches(selector, image.region) && ability.can("read", image)) visible.push(image.id);
      }
      return visible;
    },
  };
}
