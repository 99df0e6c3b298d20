import type { ImageSharing, MemberStatus } from "cloud-image-sharing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listAllEvents } from "../support/lists.js";
import { assertSameState } from "../support/observe.js";
import { KNOWN_ACCOUNTS, type Op, opArb, rolesArb } from "../support/ops.js";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";
import { step } from "../support/scenario.js";

/** Worlds whose steps are not checked against the oracle (see PROPERTY_WORLDS_UNCHECKED in support/scenario.ts). */
const uncheckedWorld = () => createWorld({ checkAnswers: process.env.PROPERTY_WORLDS_UNCHECKED !== "1" });

import { createWorld, type World } from "../support/world.js";

// R1, R3, R4, R5, R11, R13, R14 (and R17, R18 on the way): random sequences of producer and
// consumer actions by random principals, every answer checked against the oracle as it happens.

/** Steps by mostly strong roles (so sequences get somewhere), sometimes any roles (so Forbidden happens). */
const opsArb = fc.array(
  opArb({
    roles: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<string[]>(["cloudImages:admin"], ["admin"]) },
      { weight: 1, arbitrary: rolesArb },
    ),
  }),
  {
    minLength: 1,
    maxLength: 30,
  },
);

/**
 * The member state machine of one image: its producer (100001) shares and unshares, three
 * consumers accept and reject, in any order (quota 2, so R11 refusals happen too).
 */
const CONSUMERS = ["100002", "100003", "100004"] as const;
const admin = (accountId: string) => ({ accountId, userId: `admin-of-${accountId}`, roles: ["cloudImages:admin"] });
const decisionsArb: fc.Arbitrary<Op[]> = fc
  .array(
    fc.record({
      kind: fc.constantFrom("shareImage", "unshareImage", "acceptImage", "rejectImage"),
      consumer: fc.constantFrom(...CONSUMERS),
    }),
    {
      minLength: 1,
      maxLength: 25,
    },
  )
  .map((moves): Op[] => [
    { kind: "createImage", actor: admin("100001"), name: "golden", region: "IAD" },
    ...moves.map(({ kind, consumer }): Op => {
      const image = { pool: "any", index: 0 } as const;
      if (kind === "shareImage" || kind === "unshareImage")
        return { kind, actor: admin("100001"), image, consumerAccountId: consumer };
      return { kind, actor: admin(consumer), image };
    }),
  ]);

/** The members of an image as its owner's admin reads them (stored status, expired ones included): consumer -> status. */
async function membersAsOwner(
  sharing: ImageSharing,
  owner: string,
  imageId: string,
): Promise<Map<string, MemberStatus>> {
  const members = await okOf(sharing.listMembers(adminOf(owner), { imageId }));
  return new Map(members.map((m) => [m.consumerAccountId, m.status]));
}

/** The status of `account`'s own member record as that account sees it; `null` when it sees none. */
async function ownStatus(sharing: ImageSharing, account: string, imageId: string): Promise<MemberStatus | null> {
  const members = await sharing.listMembers(adminOf(account), { imageId });
  if (members.isErr()) return null;
  return members.value.find((m) => m.consumerAccountId === account)?.status ?? null;
}

/** Every live image with its owner, as the oracle holds them. */
const liveImages = (world: World) =>
  [...world.model.state.images.values()].map((image) => [image.id, image.ownerAccountId] as const);

describe("the member state machine", () => {
  it("R1, R3, R4, R5, R11, R13, R14: every step answers like the oracle (ok value, or error type and details), and the whole state matches it at the end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(opsArb, decisionsArb), async (ops) => {
        const world = await createWorld();
        for (const op of ops) await step(world, op);
        await assertSameState(world);
      }),
    );
  });

  it("R5: a rejected member never becomes accepted without a re-share (the member must disappear first)", async () => {
    await fc.assert(
      fc.asyncProperty(decisionsArb, async (ops) => {
        const world = await uncheckedWorld();
        // (imageId, account) pairs seen rejected and not removed since.
        const rejected = new Set<string>();
        for (const op of ops) {
          await step(world, op);
          for (const imageId of world.imageIds) {
            for (const account of KNOWN_ACCOUNTS) {
              const key = `${imageId} ${account}`;
              const status = await ownStatus(world.service, account, imageId);
              if (status === "accepted") expect(rejected.has(key), `${key} went from rejected to accepted`).toBe(false);
              if (status === "rejected") rejected.add(key);
              if (status === null) rejected.delete(key);
            }
          }
        }
      }),
    );
  });

  it("R3, R14: postponing is doing nothing: a pending member stays pending until an event records its consumer's decision, its removal or its image's deletion", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(opsArb, decisionsArb), async (ops) => {
        const world = await uncheckedWorld();
        for (const op of ops) {
          const before = new Map<string, { owner: string; members: Map<string, MemberStatus> }>();
          for (const [imageId, owner] of liveImages(world))
            before.set(imageId, { owner, members: await membersAsOwner(world.service, owner, imageId) });
          const logged = new Map<string, number>();
          for (const { owner } of before.values())
            if (!logged.has(owner)) logged.set(owner, (await listAllEvents(world.service, adminOf(owner))).length);
          await step(world, op);
          for (const [imageId, { owner, members }] of before) {
            const fresh = (await listAllEvents(world.service, adminOf(owner))).slice(logged.get(owner));
            const touched = (consumer: string) =>
              fresh.some(
                (e) =>
                  e.type !== "SharingPolicyChanged" &&
                  e.imageId === imageId &&
                  (e.type === "ImageDeleted" ||
                    ((e.type === "ShareAccepted" || e.type === "ShareRejected" || e.type === "ShareRevoked") &&
                      e.consumerAccountId === consumer)),
              );
            const after = world.model.state.images.has(imageId)
              ? await membersAsOwner(world.service, owner, imageId)
              : new Map<string, MemberStatus>();
            for (const [consumer, status] of members) {
              if (status !== "pending" || touched(consumer)) continue;
              expect(after.get(consumer), `pending member ${consumer} of ${imageId} after ${JSON.stringify(op)}`).toBe(
                "pending",
              );
            }
          }
        }
      }),
    );
  });
});
