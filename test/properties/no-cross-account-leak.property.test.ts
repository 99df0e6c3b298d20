import type { ImageSharing, Principal, SharingError } from "cloud-image-sharing";
import { imageNameArb, rolesArb, principalArb as shippedPrincipalArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import type { Result, ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { listAllEvents, listAllImages, listAllPending } from "../support/lists.js";
import { ALL_ACCOUNTS, KNOWN_ACCOUNTS, REGIONS } from "../support/ops.js";
import { concerns, levelOfRoles, type ModelEvent } from "../support/oracle/state.js";
import { adminOf } from "../support/principals.js";
import { buildWorld, statusesOf, visibleTo, worldSpecArb } from "../support/scenario.js";
import type { World } from "../support/world.js";

// R9, R12, R14 (and R18: an expired share is no visibility): an account learns nothing about images it may not see — not even that they exist —
// and a consumer never learns about the other consumers of an image.

/** Image-scoped calls, each with the rest of its input fixed by the generated arguments. */
type ImageCall = (sharing: ImageSharing, principal: Principal, imageId: string) => ResultAsync<unknown, SharingError>;
type CallArgs = { consumer: string; region: string; name: string };

function imageCalls({ consumer, region, name }: CallArgs): Record<string, ImageCall> {
  return {
    getImage: (s, p, imageId) => s.getImage(p, { imageId }),
    listMembers: (s, p, imageId) => s.listMembers(p, { imageId }),
    authorizeBoot: (s, p, imageId) => s.authorizeBoot(p, { imageId, region }),
    updateImage: (s, p, imageId) => s.updateImage(p, { imageId, name }),
    deleteImage: (s, p, imageId) => s.deleteImage(p, { imageId }),
    shareImage: (s, p, imageId) => s.shareImage(p, { imageId, consumerAccountId: consumer }),
    unshareImage: (s, p, imageId) => s.unshareImage(p, { imageId, consumerAccountId: consumer }),
    acceptImage: (s, p, imageId) => s.acceptImage(p, { imageId }),
    rejectImage: (s, p, imageId) => s.rejectImage(p, { imageId }),
  };
}

/** An error with the fields that name the image removed: what may not differ between "invisible" and "absent". */
function withoutImage(result: Result<unknown, SharingError>): unknown {
  if (result.isOk()) return { ok: result.value };
  const { message: _message, ...rest } = result.error as SharingError & { imageId?: string };
  return { ...rest, imageId: "(removed)" };
}

const regionArb = fc.constantFrom(...REGIONS);
const callArgsArb: fc.Arbitrary<CallArgs> = fc.record({
  consumer: fc.constantFrom(...ALL_ACCOUNTS),
  region: regionArb,
  name: imageNameArb(),
});
/** A principal of a world account with any roles (the shipped arbitraries). */
const principalArb = fc
  .constantFrom(...ALL_ACCOUNTS)
  .chain((accountId) => shippedPrincipalArb({ accountId, roles: rolesArb() }));
/** An image id to probe: an issued one (by pick), or a fresh id that never existed. */
const probeArb = fc.oneof(
  fc.nat(15).map((pick) => ({ pick })),
  fc.constantFrom("ghost", "100001", "i000-0", "x".repeat(255)).map((id) => ({ id })),
);

const MISSING_IMAGE_ID = "no-such-image";

function probeId(world: World, probe: { pick: number } | { id: string }): string {
  if ("id" in probe) return probe.id;
  return world.imageIds.length === 0
    ? MISSING_IMAGE_ID
    : (world.imageIds[probe.pick % world.imageIds.length] ?? MISSING_IMAGE_ID);
}

describe("no cross-account leak", () => {
  it("R9: an image the account may not see answers every call exactly like an image that does not exist (modulo imageId and message)", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), principalArb, probeArb, callArgsArb, async (spec, principal, probe, args) => {
        const world = await buildWorld(spec);
        const imageId = probeId(world, probe);
        if (visibleTo(world, imageId, principal.accountId)) return;
        for (const [name, run] of Object.entries(imageCalls(args))) {
          const probed = await run(world.service, principal, imageId);
          const absent = await run(world.service, principal, MISSING_IMAGE_ID);
          expect(withoutImage(probed), name).toEqual(withoutImage(absent));
          expect(probed.isErr() && probed.error.type, name).toBe("ImageNotFound");
        }
      }),
    );
  });

  it("R9, R12: a visible image is read only as the rules allow: the owner sees every member, a consumer only its own record; boot only for own or accepted", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), rolesArb(), regionArb, async (spec, roles, region) => {
        const world = await buildWorld(spec);
        const sharing = world.service;
        // Every live image, read by every account that may see it (same user and roles, each in its own account).
        for (const image of world.model.state.images.values()) {
          const imageId = image.id;
          for (const accountId of ALL_ACCOUNTS) {
            if (!visibleTo(world, imageId, accountId)) continue;
            const principal = { userId: "reader", accountId, roles };
            const got = await sharing.getImage(principal, { imageId });
            const members = await sharing.listMembers(principal, { imageId });
            const boot = await sharing.authorizeBoot(principal, { imageId, region });
            if (levelOfRoles(principal.roles) < 1) {
              for (const read of [got, members, boot]) expect(read.isErr() && read.error.type).toBe("Forbidden");
              continue;
            }
            const isOwner = image.ownerAccountId === accountId;
            expect(got.isOk() && got.value).toMatchObject({
              id: imageId,
              ownerAccountId: image.ownerAccountId,
              source: isOwner ? "own" : "shared",
            });
            const all = statusesOf(world, imageId);
            // The owner sees its expired members too, with their stored status (R18).
            const expected: [string, string | undefined][] = isOwner
              ? [...statusesOf(world, imageId, true)]
              : [[accountId, all.get(accountId)]];
            const seen = members.isOk() ? members.value : [];
            expect(
              new Map(seen.map((m) => [m.consumerAccountId, m.status])),
              `members of ${imageId} as seen by ${accountId}`,
            ).toEqual(new Map(expected));
            const usable = isOwner || all.get(accountId) === "accepted";
            if (boot.isOk()) expect(usable && image.region === region).toBe(true);
            else expect(boot.error.type).toBe(usable ? "RegionMismatch" : "Forbidden");
          }
        }
      }),
    );
  });

  it("R9, R12, R14: the account-wide reads (images, pending shares, events) never show an image, member or event of another account", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), principalArb, async (spec, principal) => {
        const world = await buildWorld(spec);
        const sharing = world.service;
        const reader = { ...principal, roles: [...principal.roles, "cloudImages:observer"] };
        const account = reader.accountId;
        for (const image of await listAllImages(sharing, reader, "global", 1000)) {
          expect(visibleTo(world, image.id, account), `listed ${image.id}`).toBe(true);
        }
        for (const { image, member } of await listAllPending(sharing, reader)) {
          expect(member.consumerAccountId).toBe(account);
          expect(visibleTo(world, image.id, account)).toBe(true);
        }
        for (const event of await listAllEvents(sharing, reader, 7)) {
          expect(concerns(event as ModelEvent, account), `event ${JSON.stringify(event)}`).toBe(true);
          // R14: the acting user is shown to the acting account only.
          const actingAccount = event.type === "SharingPolicyChanged" ? event.accountId : event.actorAccountId;
          if (actingAccount !== account)
            expect(event.actorUserId, `acting user of ${JSON.stringify(event)}`).toBeUndefined();
        }
        // Another account's event id as `after` tells nothing either: it fails like an id that never existed.
        const absent = await sharing.listEvents(reader, { after: "no-such-event" });
        for (const other of KNOWN_ACCOUNTS) {
          for (const event of await listAllEvents(sharing, adminOf(other))) {
            if (concerns(event as ModelEvent, account)) continue;
            const probed = await sharing.listEvents(reader, { after: event.id });
            expect(probed.isErr() && probed.error).toEqual(absent.isErr() && absent.error);
          }
        }
      }),
    );
  });
});
