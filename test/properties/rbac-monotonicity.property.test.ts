import type { ImageSharing, Principal, SharingError } from "cloud-image-sharing";
import fc from "fast-check";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  anyAccountArb,
  anyRolesArb,
  imageNameArb,
  KNOWN_ROLE_NAMES,
  levelOfRoles,
  regionArb,
  selectorArb,
  UNKNOWN_ROLE_NAMES,
  userIdArb,
  worldSpecArb,
} from "./generators.js";
import { isVisibleTo, membersOf } from "./model.js";
import { METHOD_NAMES, type MethodName } from "./validity.js";
import { buildWorld, membersAsOwner, pickImageId } from "./world.js";

// R8 and SPEC section 3: roles are levels, the most permissive one applies, and a role never
// reaches into another account.

/** Every public method, each with an input built from generated references. */
const METHODS = METHOD_NAMES;
type Method = MethodName;

/** The methods that act on one image (all of them take `imageId`). */
const IMAGE_METHODS = [
  "updateImage",
  "deleteImage",
  "getImage",
  "shareImage",
  "unshareImage",
  "listMembers",
  "acceptImage",
  "rejectImage",
  "authorizeBoot",
] as const;

/** What a generated call needs besides the method: which image, which consumer, which region, which name. */
type CallArgs = { imageId: string; consumer: string; region: string; selector: string; name: string };

/** Everything of {@link CallArgs} but the image, which is only known once the world is built. */
const callArgsArb: fc.Arbitrary<Omit<CallArgs, "imageId">> = fc.record({
  consumer: anyAccountArb,
  region: regionArb,
  selector: selectorArb,
  name: imageNameArb,
});

/** Calls `method` with the input it takes, built from `args`. */
function call(sharing: ImageSharing, method: Method, principal: Principal, args: CallArgs): ResultAsync<unknown, SharingError> {
  const { imageId, consumer, region, selector, name } = args;
  switch (method) {
    case "createImage":
      return sharing.createImage(principal, { name, region, sizeBytes: 1 });
    case "updateImage":
      return sharing.updateImage(principal, { imageId, name });
    case "shareImage":
    case "unshareImage":
      return sharing[method](principal, { imageId, consumerAccountId: consumer });
    case "authorizeBoot":
      return sharing.authorizeBoot(principal, { imageId, region });
    case "listImages":
      return sharing.listImages(principal, { region: selector });
    case "listPendingShares":
      return sharing.listPendingShares(principal, { region: selector });
    case "getStorageUsage":
      return sharing.getStorageUsage(principal);
    case "listEvents":
      return sharing.listEvents(principal);
    default:
      return sharing[method](principal, { imageId });
  }
}

/** Two role sets, the first granting no more than the second. */
const orderedRoleSetsArb = fc
  .tuple(anyRolesArb, anyRolesArb)
  .map(([a, b]) => (levelOfRoles(a) <= levelOfRoles(b) ? ([a, b] as const) : ([b, a] as const)));

describe("RBAC is monotone and stays in its account", () => {
  it("R8: whatever a weaker role set can do, a stronger one can do too, with the same result (same world, same input); the weaker one differs only by Forbidden", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc.constantFrom(...METHODS),
        fc.constantFrom(...ACCOUNTS),
        userIdArb,
        orderedRoleSetsArb,
        fc.integer({ min: -1, max: 15 }),
        callArgsArb,
        async (spec, method, accountId, userId, [weaker, stronger], pick, partialArgs) => {
          // Two identical worlds (deterministic clock and ids): one call each, so neither sees the other's change.
          const [weak, strong] = [await buildWorld(spec), await buildWorld(spec)];
          const args = { ...partialArgs, imageId: pickImageId(weak.model, pick) };
          const weakResult = await call(weak.sharing, method, { userId, accountId, roles: weaker }, args);
          const strongResult = await call(strong.sharing, method, { userId, accountId, roles: stronger }, args);
          if (weakResult.isErr() && weakResult.error.type === "Forbidden") return;
          // Not denied for its role: the stronger role set gets exactly the same answer.
          expect(strongResult).toEqual(weakResult);
        },
      ),
    );
  });

  it("R8, R9: no role set held in account X acts on an image of account Y that is not shared with X: ImageNotFound for every image action", async () => {
    // Every known role at once, and every unknown one: the strongest claim a principal can make.
    const everyRole = [...KNOWN_ROLE_NAMES, ...UNKNOWN_ROLE_NAMES];
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc.constantFrom(...ACCOUNTS),
        fc.oneof(anyRolesArb, fc.constant(everyRole)),
        callArgsArb,
        async (spec, accountId, roles, partialArgs) => {
          const world = await buildWorld(spec);
          const foreign = [...world.model.images.keys()].filter((id) => !isVisibleTo(world.model, id, accountId));
          for (const imageId of foreign) {
            const args = { ...partialArgs, imageId };
            for (const method of IMAGE_METHODS) {
              const result = await call(world.sharing, method, { userId: "intruder", accountId, roles }, args);
              expect(result.isErr() && result.error.type, `${method} on ${imageId} by ${accountId}`).toBe("ImageNotFound");
            }
          }
        },
      ),
    );
  });

  it("R1, R8: accepting or rejecting acts for the principal's own account only, never on behalf of another consumer", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc.constantFrom(...ACCOUNTS),
        anyRolesArb,
        fc.constantFrom("acceptImage", "rejectImage"),
        async (spec, accountId, roles, method) => {
          const world = await buildWorld(spec);
          for (const [imageId, image] of world.model.images) {
            const before = new Map(membersOf(world.model, imageId));
            await world.sharing[method]({ userId: "someone", accountId, roles }, { imageId });
            const after = await membersAsOwner(world.sharing, image.ownerAccountId, imageId);
            before.delete(accountId);
            after.delete(accountId);
            expect(after).toEqual(before);
          }
        },
      ),
    );
  });
});
