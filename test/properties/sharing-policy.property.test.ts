import type { ImageSharing, SharingError } from "cloud-image-sharing";
import fc from "fast-check";
import type { Result } from "neverthrow";
import { describe, expect, it } from "vitest";
import { listAllEvents, listAllImages, listAllPending } from "../support/lists.js";
import { KNOWN_ACCOUNTS, REGIONS, UNKNOWN_ACCOUNT } from "../support/ops.js";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";
import { buildWorld, worldSpecArb } from "../support/scenario.js";
import type { World } from "../support/world.js";

// R17: a consumer account trusts or blocks producer accounts. A blocked producer gets exactly
// what an unknown account gives and cannot tell the two apart; a trusted producer's share lands
// accepted at once; a policy change is not retroactive and concerns its own account only.

/** Two different directory accounts: a producer and a consumer. */
const pairArb = fc
  .tuple(fc.constantFrom(...KNOWN_ACCOUNTS), fc.constantFrom(...KNOWN_ACCOUNTS))
  .filter(([producer, consumer]) => producer !== consumer)
  .map(([producer, consumer]) => ({ producer, consumer }));

/** The consumer's policy with `producer` moved into `list` (out of the other one). */
async function policyWith(
  sharing: ImageSharing,
  consumer: string,
  producer: string,
  list: "autoAcceptFrom" | "blockFrom",
) {
  const current = await okOf(sharing.getSharingPolicy(adminOf(consumer)));
  const other = list === "autoAcceptFrom" ? "blockFrom" : "autoAcceptFrom";
  return {
    [list]: [...current[list].filter((id) => id !== producer), producer],
    [other]: current[other].filter((id) => id !== producer),
  };
}

/** Everything an account can observe through the public API (events without ids). */
async function viewOf(world: World, accountId: string): Promise<unknown> {
  const admin = adminOf(accountId, "viewer");
  const images = await listAllImages(world.service, admin);
  const members: Record<string, unknown> = {};
  for (const image of images) members[image.id] = await world.service.listMembers(admin, { imageId: image.id });
  return {
    images,
    members,
    pending: await listAllPending(world.service, admin),
    usage: await world.service.getStorageUsage(admin),
    policy: await world.service.getSharingPolicy(admin),
    events: (await listAllEvents(world.service, admin)).map(({ id: _id, ...event }) => event),
  };
}

/** An error with the account it names and its message removed: what may not differ between "blocked" and "unknown". */
function withoutAccount(result: Result<unknown, SharingError>): unknown {
  if (result.isOk()) return { ok: result.value };
  const { message: _message, ...rest } = result.error as SharingError & { accountId?: string };
  return { ...rest, accountId: "(removed)" };
}

describe("consumer sharing policy (R17)", () => {
  it("R17, R10: a producer the consumer blocks gets exactly the unknown-account answer (AccountNotFound, same details), nothing is stored or notified, and every observable of the producer equals the unknown-account case", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(16),
        pairArb,
        fc.nat(),
        fc.boolean(),
        async (spec, { producer, consumer }, pick, expiring) => {
          // Twin worlds (the same spec builds the same world): in one the consumer blocks the producer.
          const [blocked, unknown] = [await buildWorld(spec), await buildWorld(spec)];
          const own = [...blocked.model.state.images.values()].filter((image) => image.ownerAccountId === producer);
          const image = own[pick % Math.max(own.length, 1)];
          if (image === undefined) return;
          await okOf(
            blocked.service.setSharingPolicy(
              adminOf(consumer, "carol"),
              await policyWith(blocked.service, consumer, producer, "blockFrom"),
            ),
          );
          const consumerBefore = await viewOf(blocked, consumer);
          const writesBefore = blocked.writes();
          const expiresAt = expiring ? { expiresAt: new Date(blocked.env.nowMs + 60_000).toISOString() } : {};
          const toBlocked = await blocked.service.shareImage(adminOf(producer), {
            imageId: image.id,
            consumerAccountId: consumer,
            ...expiresAt,
          });
          const toUnknown = await unknown.service.shareImage(adminOf(producer), {
            imageId: image.id,
            consumerAccountId: UNKNOWN_ACCOUNT,
            ...expiresAt,
          });
          expect(toBlocked.isErr() && toBlocked.error).toMatchObject({ type: "AccountNotFound", accountId: consumer });
          expect(withoutAccount(toBlocked)).toEqual(withoutAccount(toUnknown));
          // Nothing stored, nothing notified.
          expect(blocked.writes()).toBe(writesBefore);
          expect(await viewOf(blocked, consumer)).toEqual(consumerBefore);
          // The producer's every observable is the same in both worlds (the block itself concerns the consumer only).
          expect(await viewOf(blocked, producer)).toEqual(await viewOf(unknown, producer));
        },
      ),
    );
  });

  it("R17, R14: a share from a trusted producer lands accepted at once (ImageShared then ShareAccepted byPolicy, no acting user); the policy change is not retroactive and is in the consumer's feed only", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(16),
        pairArb,
        fc.constantFrom(...REGIONS),
        async (spec, { producer, consumer }, region) => {
          const world = await buildWorld(spec);
          const { service } = world;
          const membersBefore = new Map<string, unknown>();
          for (const image of world.model.state.images.values())
            membersBefore.set(
              image.id,
              await service.listMembers(adminOf(image.ownerAccountId), { imageId: image.id }),
            );
          const producerEvents = (await listAllEvents(service, adminOf(producer))).length;
          const consumerEvents = (await listAllEvents(service, adminOf(consumer))).length;
          const current = await okOf(service.getSharingPolicy(adminOf(consumer)));
          const wanted = await policyWith(service, consumer, producer, "autoAcceptFrom");
          const changes =
            JSON.stringify([wanted.autoAcceptFrom, wanted.blockFrom]) !==
            JSON.stringify([current.autoAcceptFrom, current.blockFrom]);
          await okOf(service.setSharingPolicy(adminOf(consumer, "carol"), wanted));
          // Not retroactive: every existing member keeps its status.
          for (const image of world.model.state.images.values()) {
            expect(await service.listMembers(adminOf(image.ownerAccountId), { imageId: image.id })).toEqual(
              membersBefore.get(image.id),
            );
          }
          // The change concerns the consumer only.
          const consumerFeed = (await listAllEvents(service, adminOf(consumer))).slice(consumerEvents);
          // (Setting what is already there records nothing.)
          expect(consumerFeed).toEqual(
            changes
              ? [expect.objectContaining({ type: "SharingPolicyChanged", accountId: consumer, actorUserId: "carol" })]
              : [],
          );
          expect((await listAllEvents(service, adminOf(producer))).length).toBe(producerEvents);

          const image = await okOf(service.createImage(adminOf(producer), { name: "trusted", region }));
          const member = await okOf(
            service.shareImage(adminOf(producer), { imageId: image.id, consumerAccountId: consumer }),
          );
          expect(member).toMatchObject({ imageId: image.id, consumerAccountId: consumer, status: "accepted" });
          expect((await listAllImages(service, adminOf(consumer), region)).map((i) => [i.id, i.source])).toContainEqual(
            [image.id, "shared"],
          );
          expect((await listAllPending(service, adminOf(consumer))).map((s) => s.image.id)).not.toContain(image.id);
          expect((await okOf(service.authorizeBoot(adminOf(consumer), { imageId: image.id, region }))).id).toBe(
            image.id,
          );
          for (const account of [producer, consumer]) {
            const tail = (await listAllEvents(service, adminOf(account))).filter(
              (e) => e.type !== "SharingPolicyChanged" && e.imageId === image.id && e.type !== "ImageCreated",
            );
            expect(tail.map((e) => e.type)).toEqual(["ImageShared", "ShareAccepted"]);
            const accepted = tail[1] as Record<string, unknown>;
            expect(accepted).toMatchObject({ byPolicy: true, actorAccountId: consumer, consumerAccountId: consumer });
            expect(accepted.actorUserId).toBeUndefined();
          }
        },
      ),
    );
  });
});
