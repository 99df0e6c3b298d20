// The stock `glance` client (Debian python3-glanceclient 4.1) against the facade on loopback:
// every image and member command a sharing workflow uses, asserting on what the client prints
// and on its exit codes. Skipped unless GLANCE_CLI=1 (.ci/glance.sh installs the client and sets it).

import type { Principal } from "cloud-image-sharing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GLANCE_CLI_ENABLED,
  type GlanceCliWorld,
  propertyTable,
  startGlanceCliWorld,
  tableRows,
  tokenOf,
} from "./glance-cli.js";

const PRODUCER = "100001";
const CONSUMER = "100002";
const alice: Principal = { userId: "alice", accountId: PRODUCER, roles: ["cloudImages:admin"] };
const bob: Principal = { userId: "bob", accountId: CONSUMER, roles: ["cloudImages:admin"] };
const carol: Principal = { userId: "carol", accountId: CONSUMER, roles: ["cloudImages:observer"] };
const [ALICE, BOB, CAROL] = [alice, bob, carol].map(tokenOf) as [string, string, string];

describe.skipIf(!GLANCE_CLI_ENABLED)("the glance client against the facade", () => {
  let world: GlanceCliWorld;
  let imageId = "";

  beforeAll(async () => {
    world = await startGlanceCliWorld([alice, bob, carol]);
  });

  afterAll(async () => {
    await world?.close();
  });

  /** The image ids `glance image-list [args]` prints for `token`. */
  async function listedIds(token: string, ...args: string[]): Promise<string[]> {
    const run = await world.glance(token, "image-list", ...args);
    expect(run.code, run.stderr).toBe(0);
    return tableRows(run.stdout).map(([id = ""]) => id);
  }

  it("image-create makes an image for the caller's account in the endpoint's region, and image-show shows it", async () => {
    const created = await world.glance(ALICE, "image-create", "--name", "golden-web");
    expect(created.code, created.stderr).toBe(0);
    const image = propertyTable(created.stdout);
    expect(image).toMatchObject({
      name: "golden-web",
      owner: PRODUCER,
      status: "active",
      visibility: "shared",
      region: "IAD",
      source: "own",
    });
    imageId = image.id ?? "";
    expect(imageId).not.toBe("");
    const shown = await world.glance(ALICE, "image-show", imageId);
    expect(shown.code, shown.stderr).toBe(0);
    expect(propertyTable(shown.stdout)).toMatchObject({ id: imageId, name: "golden-web" });
  });

  it("member-create shares it, pending; a duplicate, the owner itself and an unknown account are refused with exit 1", async () => {
    const created = await world.glance(ALICE, "member-create", imageId, CONSUMER);
    expect(created.code, created.stderr).toBe(0);
    expect(tableRows(created.stdout)).toEqual([[imageId, CONSUMER, "pending"]]);
    const duplicate = await world.glance(ALICE, "member-create", imageId, CONSUMER);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain(`is already shared with account ${CONSUMER} (status: pending)`);
    const self = await world.glance(ALICE, "member-create", imageId, PRODUCER);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain("cannot be shared with the account that owns it");
    const unknown = await world.glance(ALICE, "member-create", imageId, "999999");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("account 999999 not found");
  });

  it("the consumer sees the offer under --member-status pending, not in its image list (R2, R3)", async () => {
    expect(await listedIds(BOB)).not.toContain(imageId);
    expect(await listedIds(BOB, "--member-status", "pending")).toContain(imageId);
    const members = await world.glance(BOB, "member-list", "--image-id", imageId);
    expect(members.code, members.stderr).toBe(0);
    expect(tableRows(members.stdout)).toEqual([[imageId, CONSUMER, "pending"]]);
  });

  it("member-update accepted: the image is in the list of every user of the consumer account (R1)", async () => {
    const observer = await world.glance(CAROL, "member-update", imageId, CONSUMER, "accepted");
    expect(observer.code).toBe(1);
    expect(observer.stderr).toContain("role");
    const accepted = await world.glance(BOB, "member-update", imageId, CONSUMER, "accepted");
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(tableRows(accepted.stdout)).toEqual([[imageId, CONSUMER, "accepted"]]);
    expect(await listedIds(CAROL)).toContain(imageId);
    const members = await world.glance(ALICE, "member-list", "--image-id", imageId);
    expect(tableRows(members.stdout)).toEqual([[imageId, CONSUMER, "accepted"]]);
  });

  it("member-update rejected drops it; the rejected -> accepted flip is refused with exit 1 (R4, R5)", async () => {
    const rejected = await world.glance(BOB, "member-update", imageId, CONSUMER, "rejected");
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(tableRows(rejected.stdout)).toEqual([[imageId, CONSUMER, "rejected"]]);
    expect(await listedIds(CAROL)).not.toContain(imageId);
    const flip = await world.glance(BOB, "member-update", imageId, CONSUMER, "accepted");
    expect(flip.code).toBe(1);
    expect(flip.stderr).toContain("was rejected; ask the producer to remove and re-share it");
    const pending = await world.glance(BOB, "member-update", imageId, CONSUMER, "pending");
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain("cannot be set back to pending");
  });

  it("member-delete removes the consumer, who loses the image; a re-share starts pending again (R5, R7)", async () => {
    const byConsumer = await world.glance(BOB, "member-delete", imageId, CONSUMER);
    expect(byConsumer.code).toBe(1);
    const removed = await world.glance(ALICE, "member-delete", imageId, CONSUMER);
    expect(removed.code, removed.stderr).toBe(0);
    const gone = await world.glance(BOB, "image-show", imageId);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`image ${imageId} not found`);
    const again = await world.glance(ALICE, "member-create", imageId, CONSUMER);
    expect(tableRows(again.stdout)).toEqual([[imageId, CONSUMER, "pending"]]);
    const accepted = await world.glance(BOB, "member-update", imageId, CONSUMER, "accepted");
    expect(tableRows(accepted.stdout)).toEqual([[imageId, CONSUMER, "accepted"]]);
  });

  it("image-list sends sort_key=name&sort_dir=asc, follows `next` page by page, and lists each image once, by name", async () => {
    for (const name of ["web-e", "web-a", "web-d", "web-c", "web-b", "web-f"]) {
      const created = await world.glance(ALICE, "image-create", "--name", name);
      expect(created.code, created.stderr).toBe(0);
    }
    const run = await world.glance(BOB, "image-list", "--page-size", "2");
    expect(run.code, run.stderr).toBe(0);
    expect(tableRows(run.stdout).map(([, name]) => name)).toEqual(["golden-web"]);
    const before = world.requests.length;
    const producerRun = await world.glance(ALICE, "image-list", "--page-size", "2");
    const names = tableRows(producerRun.stdout).map(([, name]) => name);
    expect(names).toEqual(["golden-web", "web-a", "web-b", "web-c", "web-d", "web-e", "web-f"]);
    const pages = world.requests.slice(before).filter((line) => line.startsWith("GET /v2/images?"));
    expect(pages).toHaveLength(4);
    expect(pages[0]).toBe("GET /v2/images?limit=2&sort_key=name&sort_dir=asc");
    for (const page of pages.slice(1))
      expect(page).toMatch(/^GET \/v2\/images\?limit=2&sort_key=name&sort_dir=asc&marker=/);
  });

  it("image-delete deletes (the consumer loses it at once, R13); deleting again, or as the consumer, fails with exit 1", async () => {
    const byConsumer = await world.glance(BOB, "image-delete", imageId);
    expect(byConsumer.code).toBe(1);
    expect(byConsumer.stderr).toContain("You are not permitted to delete the image");
    const deleted = await world.glance(ALICE, "image-delete", imageId);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await world.glance(BOB, "image-show", imageId)).code).toBe(1);
    const again = await world.glance(ALICE, "image-delete", imageId);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No image with an ID of '${imageId}' exists.`);
  });

  it("a token the service does not know is refused before any command runs", async () => {
    const run = await world.glance("100001:mallory", "image-list");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Invalid OpenStack Identity credentials.");
  });
});
