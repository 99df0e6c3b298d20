import { describe, expect, it } from "vitest";
import { errorOf, makeWorld } from "./harness.js";

describe("unknown routes", () => {
  it("a 404 for an unknown path quotes at most 200 characters of it", async () => {
    const world = makeWorld();
    const path = `/v2/${"x".repeat(500)}`;
    const answer = await world.call("alice", "GET", path);
    expect(answer.status).toBe(404);
    const message = String(errorOf(answer).message);
    expect(message.length).toBeLessThan(260);
    expect(message.endsWith("...")).toBe(true);
  });
});
