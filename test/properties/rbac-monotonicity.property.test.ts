import type { ImageSharing, Principal, SharingError } from "cloud-image-sharing";
import { imageNameArb, rolesArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { ALL_ACCOUNTS, KNOWN_ACCOUNTS, REGIONS } from "../support/ops.js";
import { levelOfRoles, SPEC_ROLES } from "../support/oracle/state.js";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";
import { buildWorld, pickImageId, statusesOf, visibleTo, worldSpecArb } from "../support/scenario.js";
import { METHOD_NAMES, type MethodName } from "./validity.js";

/** Role strings that grant nothing: near misses of known roles and `Object.prototype` member names. */
const UNKNOWN_ROLE_NAMES = [
  "cloudImages:superuser",
  "cloudimages:admin",
  "Admin",
  "admin ",
  "cloudImages:",
  "",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
];
const anyAccountArb = fc.constantFrom(...ALL_ACCOUNTS);
const userIdArb = fc.constantFrom("alice", "bob", "carol");
const regionArb = fc.constantFrom(...REGIONS);
const selectorArb = fc.constantFrom("global", ...REGIONS);

/** The members of an image as its owner's admin reads them: consumer -> status. */
async function membersAsOwner(sharing: ImageSharing, owner: string, imageId: string): Promise<Map<string, string>> {
  const members = await okOf(sharing.listMembers(adminOf(owner), { imageId }));
  return new Map(members.map((m) => [m.consumerAccountId, m.status]));
}

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
  name: imageNameArb(),
});

/** Calls `method` with the input it takes, built from `args`. */
function call(
  sharing: ImageSharing,
  method: Method,
  principal: Principal,
  args: CallArgs,
): ResultAsync<unknown, SharingError> {
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
    case "setSharingPolicy":
      // Trusting nobody never clashes with a stored list, so validation cannot hide the role check.
      return sharing.setSharingPolicy(principal, { autoAcceptFrom: [] });
    case "getSharingPolicy":
      return sharing.getSharingPolicy(principal);
    default:
      return sharing[method](principal, { imageId });
  }
}

/** SPEC section 3 and R8, R17: the least level (1 observer, 2 creator, 3 admin) each method needs. */
const LEAST_LEVEL: Record<Method, 1 | 2 | 3> = {
  createImage: 2,
  updateImage: 2,
  shareImage: 2,
  deleteImage: 3,
  unshareImage: 3,
  acceptImage: 3,
  rejectImage: 3,
  setSharingPolicy: 3,
  getImage: 1,
  listImages: 1,
  listMembers: 1,
  listPendingShares: 1,
  authorizeBoot: 1,
  getStorageUsage: 1,
  listEvents: 1,
  getSharingPolicy: 1,
};
/** The least role of each level, as `Forbidden.requiredRole` names it. */
const ROLE_OF_LEVEL = { 1: "cloudImages:observer", 2: "cloudImages:creator", 3: "cloudImages:admin" } as const;

/** Two role sets, the first granting no more than the second. */
const orderedRoleSetsArb = fc
  .tuple(rolesArb(), rolesArb())
  .map(([a, b]) => (levelOfRoles(a) <= levelOfRoles(b) ? ([a, b] as const) : ([b, a] as const)));

describe("RBAC is monotone and stays in its account", () => {
  it("R8: whatever a weaker role set can do, a stronger one can do too, with the same result (same world, same input); the weaker one differs only by Forbidden", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc.constantFrom(...METHODS),
        fc.constantFrom(...KNOWN_ACCOUNTS),
        userIdArb,
        orderedRoleSetsArb,
        fc.integer({ min: -1, max: 15 }),
        callArgsArb,
        async (spec, method, accountId, userId, [weaker, stronger], pick, partialArgs) => {
          // Two identical worlds (deterministic clock and ids): one call each, so neither sees the other's change.
          const [weak, strong] = [await buildWorld(spec), await buildWorld(spec)];
          const args = { ...partialArgs, imageId: pickImageId(weak, pick) };
          const weakResult = await call(weak.service, method, { userId, accountId, roles: weaker }, args);
          const strongResult = await call(strong.service, method, { userId, accountId, roles: stronger }, args);
          if (weakResult.isErr() && weakResult.error.type === "Forbidden") return;
          // Not denied for its role: the stronger role set gets exactly the same answer.
          expect(strongResult).toEqual(weakResult);
        },
      ),
    );
  });

  it("R8, R9: no role set held in account X acts on an image of account Y that is not shared with X: ImageNotFound for every image action", async () => {
    // Every known role at once, and every unknown one: the strongest claim a principal can make.
    const everyRole = [...SPEC_ROLES, ...UNKNOWN_ROLE_NAMES];
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc.constantFrom(...KNOWN_ACCOUNTS),
        fc.oneof(rolesArb(), fc.constant(everyRole)),
        callArgsArb,
        async (spec, accountId, roles, partialArgs) => {
          const world = await buildWorld(spec);
          const foreign = [...world.model.state.images.keys()].filter((id) => !visibleTo(world, id, accountId));
          for (const imageId of foreign) {
            const args = { ...partialArgs, imageId };
            for (const method of IMAGE_METHODS) {
              const result = await call(world.service, method, { userId: "intruder", accountId, roles }, args);
              expect(result.isErr() && result.error.type, `${method} on ${imageId} by ${accountId}`).toBe(
                "ImageNotFound",
              );
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
        fc.constantFrom(...KNOWN_ACCOUNTS),
        rolesArb(),
        fc.constantFrom("acceptImage", "rejectImage"),
        async (spec, accountId, roles, method) => {
          const world = await buildWorld(spec);
          for (const [imageId, image] of world.model.state.images) {
            const before: Map<string, string> = statusesOf(world, imageId, true);
            await world.service[method]({ userId: "someone", accountId, roles }, { imageId });
            const after = await membersAsOwner(world.service, image.ownerAccountId, imageId);
            before.delete(accountId);
            after.delete(accountId);
            expect(after).toEqual(before);
          }
        },
      ),
    );
  });

  it("R8: every action needs exactly the role SPEC section 3 names: below it Forbidden (reason role, requiredRole), at or above it never Forbidden for its role", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc.constantFrom(...METHODS),
        fc.constantFrom(0, 1, 2, 3),
        fc.nat(),
        callArgsArb,
        async (spec, method, level, pick, partialArgs) => {
          const world = await buildWorld(spec);
          const images = [...world.model.state.images.values()];
          const image = images[pick % Math.max(images.length, 1)];
          if (image === undefined) return;
          // The side the action belongs to: a member for accept and reject, the owner for everything else.
          const members = [...statusesOf(world, image.id).keys()];
          const accountId =
            method === "acceptImage" || method === "rejectImage"
              ? members[pick % Math.max(members.length, 1)]
              : image.ownerAccountId;
          if (accountId === undefined) return;
          const roles = level === 0 ? ["billing:admin"] : [ROLE_OF_LEVEL[level]];
          const result = await call(
            world.service,
            method,
            { userId: "someone", accountId, roles },
            { ...partialArgs, imageId: image.id },
          );
          const refusedForRole = result.isErr() && result.error.type === "Forbidden" && result.error.reason === "role";
          expect(refusedForRole, `${method} with ${roles.join(",")}: ${JSON.stringify(result)}`).toBe(
            level < LEAST_LEVEL[method],
          );
          if (refusedForRole) expect(result.error).toMatchObject({ requiredRole: ROLE_OF_LEVEL[LEAST_LEVEL[method]] });
        },
      ),
    );
  });
});
