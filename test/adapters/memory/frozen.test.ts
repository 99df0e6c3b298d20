import { createInMemoryStore, type ImageEvent } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";

// The store keeps its own frozen copies holding exactly the fields an entity carries.

describe("in-memory store: stored copies", () => {
  it("R14: an event committed with an explicitly undefined field is stored without it, frozen", () => {
    const store = createInMemoryStore();
    const at = "2026-01-01T00:00:00.000Z";
    const image = {
      id: "img-1",
      ownerAccountId: "100001",
      name: "golden",
      region: "IAD",
      sizeBytes: 0,
      createdAt: at,
      updatedAt: at,
    };
    const event: ImageEvent = {
      id: "e-1",
      type: "ImageCreated",
      occurredAt: at,
      imageId: "img-1",
      ownerAccountId: "100001",
      actorAccountId: "100001",
      consumerAccountId: undefined as unknown as string,
    };
    store.commit({ imageId: "img-1", expectedVersion: null, image, events: [event] })._unsafeUnwrap();
    const [stored] = store.listEvents({ accountId: "100001", after: null, limit: 10 })._unsafeUnwrap() ?? [];
    expect(stored).toBeDefined();
    expect(Object.hasOwn(stored ?? {}, "consumerAccountId")).toBe(false);
    expect(Object.isFrozen(stored)).toBe(true);
  });
});
