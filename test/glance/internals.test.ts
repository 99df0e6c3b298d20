// The facade's parts where the core in this repository cannot reach every path: lists longer
// than one core page, the 0.1 and 0.2 shapes of the core's lists, R18's expiry fields, a core
// that breaks its own contract, error details that are not JSON, and Glance's draft-4 patches.

import {
  createImageSharing,
  type ImageSharing,
  type ImageView,
  type Member,
  type PendingShare,
  type SharingError,
} from "cloud-image-sharing";
import { createGlanceApi } from "cloud-image-sharing/glance";
import { okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { readListedImages, readMembers, readPendingImages } from "../../src/glance/core-lists.js";
import { refusalForAttribute } from "../../src/glance/image-attributes.js";
import { parseImagePatch } from "../../src/glance/image-patch.js";
import { httpErrorOf } from "../../src/glance/sharing-error-status.js";
import { toGlanceMember } from "../../src/glance/views.js";
import { USERS } from "./harness.js";

const image = (id: string): ImageView => ({
  id,
  ownerAccountId: "100001",
  name: id,
  region: "IAD",
  sizeBytes: 0,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  source: "own",
});
const member = (extra: Partial<Member> & Record<string, unknown> = {}): Member => ({
  imageId: "img",
  consumerAccountId: "100002",
  status: "pending",
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...extra,
});

/** A stand-in for the service with only the list methods, answering as a test needs. */
function stubSharing(methods: Record<string, (...args: unknown[]) => unknown>): ImageSharing {
  return methods as unknown as ImageSharing;
}

describe("reading the core's lists whole", () => {
  it("follows the core's cursor across pages, in the core's order", async () => {
    const cursors: unknown[] = [];
    const pages: Record<string, { items: ImageView[]; nextCursor: string | null }> = {
      start: { items: [image("a"), image("b")], nextCursor: "c1" },
      c1: { items: [image("c")], nextCursor: "c2" },
      c2: { items: [image("d")], nextCursor: null },
    };
    const sharing = stubSharing({
      listImages: (_principal, input) => {
        const { cursor } = input as { cursor?: string };
        cursors.push(cursor);
        return okAsync(pages[cursor ?? "start"]);
      },
    });
    const read = await readListedImages(sharing, USERS.bob, "IAD");
    expect(read._unsafeUnwrap().map((i) => i.id)).toEqual(["a", "b", "c", "d"]);
    expect(cursors).toEqual([undefined, "c1", "c2"]);
  });

  it("takes pending shares as an array (0.1) or a Page (0.2), and members either way", async () => {
    const share: PendingShare = { image: image("p"), member: member({ imageId: "p" }) };
    for (const shape of [[share], { items: [share], nextCursor: null }]) {
      const sharing = stubSharing({
        listPendingShares: () => okAsync(shape),
        listMembers: () => okAsync(Array.isArray(shape) ? [member()] : { items: [member()], nextCursor: null }),
      });
      expect((await readPendingImages(sharing, USERS.bob, "IAD"))._unsafeUnwrap()).toEqual([
        { ...image("p"), source: "shared" },
      ]);
      expect((await readMembers(sharing, USERS.bob, "img"))._unsafeUnwrap()).toEqual([member()]);
    }
  });

  it("stops at an empty page even if the core hands out a cursor", async () => {
    const sharing = stubSharing({ listImages: () => okAsync({ items: [], nextCursor: "again" }) });
    expect((await readListedImages(sharing, USERS.bob, "IAD"))._unsafeUnwrap()).toEqual([]);
  });
});

describe("views", () => {
  it("a member carries R18's expires_at and expired when the core sets them, and nothing else of its own", () => {
    expect(toGlanceMember(member({ expiresAt: "2030-01-01T00:00:00.000Z", expired: true, version: 3 }))).toEqual({
      image_id: "img",
      member_id: "100002",
      status: "pending",
      created_at: "2025-01-01T00:00:00.000Z",
      updated_at: "2025-01-01T00:00:00.000Z",
      schema: "/v2/schemas/member",
      expires_at: "2030-01-01T00:00:00.000Z",
      expired: true,
    });
  });
});

describe("a core that breaks its contract, and errors the table does not know", () => {
  it("a core method that throws (instead of returning an error) is answered 500 without details", async () => {
    const sharing = stubSharing(
      Object.fromEntries(
        Object.keys(createImageSharing())
          .filter((name) => name !== "as")
          .map((name) => [
            name,
            () => {
              throw new Error("secret-internal-detail");
            },
          ]),
      ),
    );
    const api = createGlanceApi({ sharing, region: "IAD", authenticate: () => USERS.bob });
    const response = await api.fetch(new Request("http://glance.test/v2/images/x"));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret");
  });

  it("an error type the table does not know is 500; details that are not JSON are dropped", () => {
    expect(httpErrorOf({ type: "SomethingNew", message: "m" } as unknown as SharingError).status).toBe(500);
    const http = httpErrorOf({
      type: "ImageNotFound",
      message: "m",
      imageId: "x",
      quota: Number.NaN,
      status: () => 1,
      issues: [{ bad: undefined }],
    } as unknown as SharingError);
    expect(http.details).toEqual({ imageId: "x" });
  });
});

describe("attributes and draft-4 patches", () => {
  it("echoes a long attribute name shortened", () => {
    expect(refusalForAttribute("x".repeat(300))?.message).toContain(`${"x".repeat(64)}...`);
    expect(refusalForAttribute("tags")?.message).toContain("does not store");
  });

  it("a draft-4 operation names exactly one of add, remove, replace", () => {
    expect(parseImagePatch([{ replace: "/name", value: "n" }], 4)._unsafeUnwrap()).toEqual({ name: "n" });
    expect(parseImagePatch([{ path: "/name", value: "n" }], 4).isErr()).toBe(true);
    expect(parseImagePatch([{ add: "/name", replace: "/name", value: "n" }], 4).isErr()).toBe(true);
    expect(parseImagePatch([{ replace: "/a~1b", value: "n" }], 4)._unsafeUnwrapErr().status).toBe(400);
    expect(parseImagePatch([{ replace: "/bad~2", value: "n" }], 4)._unsafeUnwrapErr().message).toContain(
      "Invalid JSON pointer",
    );
  });
});
