import type { ImageSharing, Principal, SharingError } from "cloud-image-sharing";
import fc from "fast-check";
import type { Result, ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  anyAccountArb,
  anyRolesArb,
  GLOBAL_SELECTOR,
  imageNameArb,
  levelOfRoles,
  MISSING_IMAGE_ID,
  regionArb,
  userIdArb,
  worldSpecArb,
} from "./generators.js";
import { concerns, isVisibleTo, type Model, membersOf } from "./model.js";
import { adminOf, buildWorld, listAllEvents, listAllImages, okOf } from "./world.js";

// R9 and R12: an account learns nothing about images it may not see — not even that they exist —
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

const callArgsArb: fc.Arbitrary<CallArgs> = fc.record({ consumer: anyAccountArb, region: regionArb, name: imageNameArb });
const principalArb = fc.record({ userId: userIdArb, accountId: anyAccountArb, roles: anyRolesArb });
/** An image id to probe: an issued one (by pick), or a fresh id that never existed. */
const probeArb = fc.oneof(
  fc.nat(15).map((pick) => ({ pick })),
  fc.constantFrom("ghost", "100001", "i000-0", "x".repeat(255)).map((id) => ({ id })),
);

function probeId(model: Model, probe: { pick: number } | { id: string }): string {
  if ("id" in probe) return probe.id;
  return model.issued.length === 0 ? MISSING_IMAGE_ID : (model.issued[probe.pick % model.issued.length] ?? MISSING_IMAGE_ID);
}

describe("no cross-account leak", () => {
  it("R9: an image the account may not see answers every call exactly like an image that does not exist (modulo imageId and message)", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), principalArb, probeArb, callArgsArb, async (spec, principal, probe, args) => {
        const world = await buildWorld(spec);
        const imageId = probeId(world.model, probe);
        if (isVisibleTo(world.model, imageId, principal.accountId)) return;
        for (const [name, run] of Object.entries(imageCalls(args))) {
          const probed = await run(world.sharing, principal, imageId);
          const absent = await run(world.sharing, principal, MISSING_IMAGE_ID);
          expect(withoutImage(probed), name).toEqual(withoutImage(absent));
          expect(probed.isErr() && probed.error.type, name).toBe("ImageNotFound");
        }
      }),
    );
  });

  it("R9, R12: a visible image is read only as the rules allow: the owner sees every member, a consumer only its own record; boot only for own or accepted", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), principalArb, fc.nat(15), regionArb, async (spec, principal, pick, region) => {
        const world = await buildWorld(spec);
        const { model, sharing } = world;
        const imageId = probeId(model, { pick });
        const image = model.images.get(imageId);
        if (image === undefined || !isVisibleTo(model, imageId, principal.accountId)) return;
        const got = await sharing.getImage(principal, { imageId });
        const members = await sharing.listMembers(principal, { imageId });
        const boot = await sharing.authorizeBoot(principal, { imageId, region });
        if (levelOfRoles(principal.roles) < 1) {
          for (const read of [got, members, boot]) expect(read.isErr() && read.error.type).toBe("Forbidden");
          return;
        }
        const isOwner = image.ownerAccountId === principal.accountId;
        expect(got.isOk() && got.value).toMatchObject({ id: imageId, ownerAccountId: image.ownerAccountId, source: isOwner ? "own" : "shared" });
        const all = membersOf(model, imageId);
        const expected: [string, string | undefined][] = isOwner ? [...all] : [[principal.accountId, all.get(principal.accountId)]];
        const seen = members.isOk() ? members.value : [];
        expect(new Map(seen.map((m) => [m.consumerAccountId, m.status]))).toEqual(new Map(expected));
        const usable = isOwner || all.get(principal.accountId) === "accepted";
        if (boot.isOk()) expect(usable && image.region === region).toBe(true);
        else expect(boot.error.type).toBe(usable ? "RegionMismatch" : "Forbidden");
      }),
    );
  });

  it("R9, R12, R14: the account-wide reads (images, pending shares, events) never show an image, member or event of another account", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), principalArb, async (spec, principal) => {
        const world = await buildWorld(spec);
        const { model, sharing } = world;
        const reader = { ...principal, roles: [...principal.roles, "cloudImages:observer"] };
        const account = reader.accountId;
        for (const image of await listAllImages(sharing, reader, GLOBAL_SELECTOR, 1000)) {
          expect(isVisibleTo(model, image.id, account), `listed ${image.id}`).toBe(true);
        }
        for (const { image, member } of await okOf(sharing.listPendingShares(reader))) {
          expect(member.consumerAccountId).toBe(account);
          expect(isVisibleTo(model, image.id, account)).toBe(true);
        }
        for (const event of await listAllEvents(sharing, reader, 7)) {
          expect(concerns(event, account), `event ${JSON.stringify(event)}`).toBe(true);
        }
        // Another account's event id as `after` tells nothing either: it fails like an id that never existed.
        const absent = await sharing.listEvents(reader, { after: "no-such-event" });
        for (const other of ACCOUNTS) {
          for (const event of await listAllEvents(sharing, adminOf(other))) {
            if (concerns(event, account)) continue;
            const probed = await sharing.listEvents(reader, { after: event.id });
            expect(probed.isErr() && probed.error).toEqual(absent.isErr() && absent.error);
          }
        }
      }),
    );
  });
});
