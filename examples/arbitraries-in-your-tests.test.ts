// Using our arbitraries in your property tests: generate valid and invalid inputs, principals
// with any roles, and whole worlds of accounts, images and shares, then state your own rules.
//
//   npx vitest run examples/arbitraries-in-your-tests.test.ts
import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import {
  invalidInputArbs,
  materialiseWorld,
  principalArb,
  unknownRoleArb,
  validInputArbs,
  worldArb,
} from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("property tests with the cloud-image-sharing arbitraries", () => {
  const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  const sharing = createImageSharing({ store, regions: ["IAD", "DFW"] });

  // 1. Inputs and principals: aim the inputs at your catalog with `catalog`, and build
  //    principals whose roles you control. Unknown roles grant nothing (SPEC section 3).
  it("a principal with only unknown roles can never create an image", async () => {
    const nobody = principalArb({ accountId: "100001", roles: fc.array(unknownRoleArb(), { maxLength: 4 }) });
    await fc.assert(
      fc.asyncProperty(nobody, validInputArbs({ catalog: ["IAD", "DFW"] }).createImage, async (principal, input) => {
        const result = await sharing.createImage(principal, input);
        expect(result.isErr() && result.error.type).toBe("Forbidden");
      }),
      { numRuns: 50 },
    );
  });

  // 2. Invalid inputs: handy to check that your own HTTP layer passes our errors through.
  //    Each method has an arbitrary of inputs its schema refuses.
  it("every invalid shareImage input is a ValidationError, never a throw", async () => {
    const admin = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
    await fc.assert(
      fc.asyncProperty(invalidInputArbs().shareImage, async (input) => {
        // The input is deliberately of the wrong type, so tell TypeScript to let it through.
        const result = await sharing.shareImage(admin, input);
        expect(result.isErr() && result.error.type).toBe("ValidationError");
      }),
      { numRuns: 50 },
    );
  });

  // 3. Worlds: accounts with users, images in several regions, members in every status.
  //    materialiseWorld builds one through the public API (createImage, shareImage,
  //    acceptImage/rejectImage) and hands you the service to question.
  it("R12: a consumer sees only its own member record, the owner sees them all", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb({ maxAccounts: 4, maxImages: 5 }), async (world) => {
        const { sharing, images, admins } = await materialiseWorld(world);
        for (const image of images) {
          for (const [accountId, principal] of admins) {
            const members = await sharing.listMembers(principal, { imageId: image.id });
            const expected = world.members
              .filter((m) => images[m.imageIndex]?.id === image.id)
              .map((m) => m.consumerAccountId);
            if (accountId === image.ownerAccountId) {
              expect(members.isOk() && members.value.map((m) => m.consumerAccountId).sort()).toEqual(expected.sort());
            } else if (expected.includes(accountId)) {
              expect(members.isOk() && members.value.map((m) => m.consumerAccountId)).toEqual([accountId]);
            } else {
              // Neither owner nor member: the image does not exist for this account (R9).
              expect(members.isErr() && members.error.type).toBe("ImageNotFound");
            }
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
