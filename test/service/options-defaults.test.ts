import {
  createImageSharing,
  createInMemoryStore,
  DEFAULT_REGIONS,
  ImageSharingOptionsSchema,
} from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { A, adminOf, B, errOf, observerOf, okOf } from "../rules/world.js";

describe("SPEC 4: createImageSharing option defaults", () => {
  it("SPEC 4: the default catalog is DFW, ORD, IAD, LON, HKG, SYD", async () => {
    expect([...DEFAULT_REGIONS]).toEqual(["DFW", "ORD", "IAD", "LON", "HKG", "SYD"]);
    const sharing = createImageSharing();
    for (const region of DEFAULT_REGIONS) await okOf(sharing.createImage(adminOf(A), { name: region, region }));
    await errOf(sharing.createImage(adminOf(A), { name: "x", region: "FRA" }), "UnknownRegion");
  });

  it("SPEC 4: the default store is a fresh in-memory store with no accounts", async () => {
    const first = createImageSharing();
    const image = await okOf(first.createImage(adminOf(A), { name: "x", region: "IAD" }));
    await errOf(first.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "AccountNotFound");
    // Each service gets its own store.
    expect((await okOf(createImageSharing().listImages(observerOf(A)))).items).toEqual([]);
  });

  it("SPEC 4: the default clock is the system clock and the default ids are UUIDs", async () => {
    const before = Date.now();
    const image = await okOf(createImageSharing().createImage(adminOf(A), { name: "x", region: "IAD" }));
    const created = Date.parse(image.createdAt);
    expect(created).toBeGreaterThanOrEqual(before - 1);
    expect(created).toBeLessThanOrEqual(Date.now() + 1);
    expect(image.createdAt).toBe(new Date(created).toISOString());
    expect(image.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("SPEC 4/R15/R16: the defaults: member quota 128, maxAttempts 30, jittered backoff 2–200 ms, timeoutMs 10,000, no roleMap", () => {
    const parsed = ImageSharingOptionsSchema.parse({});
    expect(parsed).toMatchObject({
      memberQuota: 128,
      maxAttempts: 30,
      regions: [...DEFAULT_REGIONS],
      retryBackoff: { baseMs: 2, maxMs: 200 },
      timeoutMs: 10_000,
      roleMap: {},
    });
  });

  it("SPEC 4: createImageSharing() with no argument works; null is a ConfigurationError, not silently the defaults", () => {
    expect(() => createImageSharing()).not.toThrow();
    expect(() => createImageSharing(undefined)).not.toThrow();
    expect(() => createImageSharing(null as never)).toThrow(expect.objectContaining({ name: "ConfigurationError" }));
  });

  it("SPEC 4: the service object is frozen", () => {
    const sharing = createImageSharing({ store: createInMemoryStore() });
    expect(Object.isFrozen(sharing)).toBe(true);
  });
});
