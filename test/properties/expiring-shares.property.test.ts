import type { ImageSharing, MemberStatus } from "cloud-image-sharing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listAllEvents } from "../support/lists.js";
import { KNOWN_ACCOUNTS, REGIONS } from "../support/ops.js";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";
import { buildWorld, worldSpecArb } from "../support/scenario.js";
import type { World } from "../support/world.js";

// R18: from `expiresAt` on, by the service clock, a share grants nothing: to the consumer it is
// exactly a revoked share, whatever the operation. The producer still sees the member (stored
// status, `expiresAt`, `expired: true`); it counts toward the quota and blocks a re-share until
// removed. Expiry is read-time: nothing is recorded when it happens.

const pairArb = fc
  .tuple(fc.constantFrom(...KNOWN_ACCOUNTS), fc.constantFrom(...KNOWN_ACCOUNTS))
  .filter(([producer, consumer]) => producer !== consumer)
  .map(([producer, consumer]) => ({ producer, consumer }));

/** Every operation a consumer (any of its users, any role) can try on the image and its lists, with its answer. */
async function consumerAnswers(
  sharing: ImageSharing,
  consumer: string,
  imageId: string,
): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const roles of [["cloudImages:observer"], ["cloudImages:admin"]]) {
    const p = { userId: "dave", accountId: consumer, roles };
    const key = roles[0];
    answers[`${key} getImage`] = await sharing.getImage(p, { imageId });
    answers[`${key} listMembers`] = await sharing.listMembers(p, { imageId });
    for (const region of REGIONS)
      answers[`${key} authorizeBoot ${region}`] = await sharing.authorizeBoot(p, { imageId, region });
    for (const region of ["global", ...REGIONS]) {
      answers[`${key} listImages ${region}`] = await sharing.listImages(p, { region, limit: 1000 });
      answers[`${key} listPendingShares ${region}`] = await sharing.listPendingShares(p, { region, limit: 1000 });
    }
    answers[`${key} getStorageUsage`] = await sharing.getStorageUsage(p);
    // Decisions last: they must fail (and so change nothing) on an expired share too.
    answers[`${key} acceptImage`] = await sharing.acceptImage(p, { imageId });
    answers[`${key} rejectImage`] = await sharing.rejectImage(p, { imageId });
  }
  return answers;
}

/** Strips what differs between two equal answers of twin worlds: nothing, but results are classes; compare their JSON. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The consumer's decision before expiry: none, accept, or reject. */
const decisionArb = fc.constantFrom<"none" | "accept" | "reject">("none", "accept", "reject");

describe("expiring shares (R18)", () => {
  it("R18, R7: once the clock reaches expiresAt, every operation of the consumer answers exactly as if the producer had revoked the share", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(12),
        pairArb,
        fc.constantFrom(...REGIONS),
        decisionArb,
        fc.integer({ min: 1, max: 5000 }),
        fc.nat({ max: 3000 }),
        async (spec, { producer, consumer }, region, decision, lifetime, after) => {
          // Twin worlds: in `expired` the share runs out; in `revoked` the producer removes it instead.
          const [expired, revoked] = [await buildWorld(spec), await buildWorld(spec)];
          const shareIn = async (world: World) => {
            const image = await okOf(world.service.createImage(adminOf(producer), { name: "short-lived", region }));
            const expiresAt = new Date(world.env.nowMs + lifetime).toISOString();
            const shared = await world.service.shareImage(adminOf(producer), {
              imageId: image.id,
              consumerAccountId: consumer,
              expiresAt,
            });
            if (shared.isOk() && decision !== "none")
              await okOf(
                world.service[decision === "accept" ? "acceptImage" : "rejectImage"](adminOf(consumer), {
                  imageId: image.id,
                }),
              );
            return { imageId: image.id, shared };
          };
          const [a, b] = [await shareIn(expired), await shareIn(revoked)];
          // A consumer that blocks the producer never gets the share: nothing to expire.
          if (a.shared.isErr()) return;
          expect(b.imageId).toBe(a.imageId);
          const consumerEvents = (await listAllEvents(expired.service, adminOf(consumer))).length;
          const producerEvents = (await listAllEvents(expired.service, adminOf(producer))).length;
          expired.env.nowMs += lifetime + after;
          await okOf(
            revoked.service.unshareImage(adminOf(producer), { imageId: b.imageId, consumerAccountId: consumer }),
          );
          revoked.env.nowMs += lifetime + after;

          expect(plain(await consumerAnswers(expired.service, consumer, a.imageId))).toEqual(
            plain(await consumerAnswers(revoked.service, consumer, b.imageId)),
          );
          // Expiry is read-time: nothing was recorded at the moment of expiry, and the failed decisions recorded nothing either.
          expect((await listAllEvents(expired.service, adminOf(consumer))).length).toBe(consumerEvents);
          expect((await listAllEvents(expired.service, adminOf(producer))).length).toBe(producerEvents);
        },
      ),
    );
  });

  it("R18, R11, R5: the producer still sees an expired member (stored status, expiresAt, expired: true); it counts toward the quota and a re-share is AlreadyShared (expired) until it is removed", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(12),
        pairArb,
        decisionArb,
        fc.integer({ min: 1, max: 5000 }),
        fc.nat({ max: 3000 }),
        async (spec, { producer, consumer }, decision, lifetime, after) => {
          const world = await buildWorld(spec, { memberQuota: 1 });
          const { service } = world;
          const image = await okOf(service.createImage(adminOf(producer), { name: "short-lived", region: "IAD" }));
          const expiresAt = new Date(world.env.nowMs + lifetime).toISOString();
          const shared = await service.shareImage(adminOf(producer), {
            imageId: image.id,
            consumerAccountId: consumer,
            expiresAt,
          });
          if (shared.isErr()) return;
          expect(shared.value).toMatchObject({ expiresAt, expired: false });
          if (decision !== "none")
            await okOf(
              service[decision === "accept" ? "acceptImage" : "rejectImage"](adminOf(consumer), { imageId: image.id }),
            );
          const status: MemberStatus =
            decision === "reject" ? "rejected" : decision === "accept" ? "accepted" : shared.value.status;
          world.env.nowMs += lifetime + after;
          const members = await okOf(service.listMembers(adminOf(producer), { imageId: image.id }));
          expect(members).toEqual([
            expect.objectContaining({ consumerAccountId: consumer, status, expiresAt, expired: true }),
          ]);
          const again = await service.shareImage(adminOf(producer), { imageId: image.id, consumerAccountId: consumer });
          expect(again.isErr() && again.error).toMatchObject({
            type: "AlreadyShared",
            consumerAccountId: consumer,
            status,
            expired: true,
          });
          // Quota 1: the expired member still holds the only place.
          const other = KNOWN_ACCOUNTS.find((account) => account !== producer && account !== consumer) as string;
          const blockedOrFull = await service.shareImage(adminOf(producer), {
            imageId: image.id,
            consumerAccountId: other,
          });
          expect(blockedOrFull.isErr() && blockedOrFull.error.type).toMatch(/^(MemberQuotaExceeded|AccountNotFound)$/);
          await okOf(service.unshareImage(adminOf(producer), { imageId: image.id, consumerAccountId: consumer }));
          // Removed, it can be shared again: a fresh member that does not expire.
          const fresh = await okOf(
            service.shareImage(adminOf(producer), { imageId: image.id, consumerAccountId: consumer }),
          );
          expect(fresh.expiresAt).toBeUndefined();
          expect(fresh.expired).toBeUndefined();
        },
      ),
    );
  });
});
