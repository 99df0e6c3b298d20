import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createImageSharing, type ImageSharing } from "cloud-image-sharing";
import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { type ExampleClock, exampleClock, runScenario } from "./scenario.js";
import { makeExampleStore } from "./stores.js";

const run = promisify(execFile);

/** The service of `npm run example` on a fresh memory store, with its clock. */
async function memorySharing(): Promise<{ sharing: ImageSharing; clock: ExampleClock }> {
  const { store } = await makeExampleStore("memory");
  const clock = exampleClock();
  return { sharing: createImageSharing({ store, regions: ["IAD", "DFW", "LON"], clock: clock.now }), clock };
}

describe("the example scenario (npm run example)", () => {
  it("R2, R4, R5, R6, R7, R14, R17, R18: every step of the story has the outcome the spec prescribes", async () => {
    const { sharing, clock } = await memorySharing();
    const report = await runScenario(sharing, () => {}, clock);
    expect(report.steps.map((s) => [s.number, s.actual])).toEqual([
      [1, "ok"], // producer creates
      [2, "ok"], // shares: pending
      [3, "ok"], // consumer sees the notification (R3)
      [4, "ok"], // ...but not in its image list (R2)
      [5, "ok"], // accepts
      [6, "ok"], // every user of the consumer account sees it, tagged shared (R1, R2)
      [7, "ok"], // boots in the image's region
      [8, "RegionMismatch"], // not in another one (R6)
      [9, "ok"], // producer revokes
      [10, "ImageNotFound"], // consumer loses access at once (R7, R9)
      [11, "ok"], // second share
      [12, "ok"], // rejected (R4)
      [13, "ReshareRequired"], // accept after reject (R5)
      [14, "AlreadyShared"], // sharing over an existing member (R5)
      [15, "ok"], // producer removes the member
      [16, "ok"], // re-shares: pending again
      [17, "ok"], // accepted
      [18, "ok"], // the event log holds the story (R14)
      [19, "ok"], // a second consumer trusts the producer (R17)
      [20, "ok"], // ...so the producer's share lands accepted
      [21, "ok"], // ...and is in its image list without anyone accepting it
      [22, "ok"], // ...recorded as ShareAccepted by policy, with no acting user
      [23, "ok"], // a preview image
      [24, "ok"], // shared for one hour (R18)
      [25, "ok"], // accepted
      [26, "ok"], // listed within the hour
      [27, "ok"], // gone once the clock passes expiresAt
      [28, "ImageNotFound"], // no boot either
      [29, "ok"], // the producer still sees the member, expired: true
    ]);
    expect(report.passed).toBe(true);
  });

  it("logs one readable, numbered line per step naming the actor", async () => {
    const lines: string[] = [];
    const { sharing, clock } = await memorySharing();
    const report = await runScenario(sharing, (line) => lines.push(line), clock);
    expect(lines).toHaveLength(report.steps.length);
    expect(lines[7]).toMatch(/^ok\s+8\. bob tries to boot from it in DFW\n\s+-> RegionMismatch: /);
  });

  it("reports a regression: a service that boots a shared image outside its region fails the scenario", async () => {
    const { sharing: sound, clock } = await memorySharing();
    // Sabotage one rule: the region check of the boot authorization is skipped.
    const broken: ImageSharing = {
      ...sound,
      authorizeBoot: (principal, input) => sound.getImage(principal, { imageId: input.imageId }),
    };
    const report = await runScenario(broken, () => {}, clock);
    expect(report.passed).toBe(false);
    expect(report.steps.filter((s) => !s.passed).map((s) => [s.number, s.actual, s.expected])).toEqual([
      [8, "ok", "RegionMismatch"],
    ]);
  });

  it("reports a step whose success carries the wrong value, and keeps going when a step errs", async () => {
    const { sharing: sound, clock } = await memorySharing();
    const broken: ImageSharing = {
      ...sound,
      listImages: (principal) =>
        sound.listImages(principal, { region: "global" }).map((page) => ({ ...page, items: [] })),
      createImage: () =>
        errAsync({ type: "StorageFailure", message: "disk on fire", reason: "unavailable", cause: null }),
    };
    const report = await runScenario(broken, () => {}, clock);
    expect(report.steps).toHaveLength(29);
    expect(report.steps[0]).toMatchObject({ actual: "StorageFailure", passed: false });
    expect(report.steps.find((s) => s.number === 6)).toMatchObject({ actual: "ok (wrong result)", passed: false });
  });

  it("R17: a service that ignores the consumer's policy fails the trusted-producer chapter", async () => {
    const { sharing: sound, clock } = await memorySharing();
    const broken: ImageSharing = { ...sound, setSharingPolicy: (principal) => sound.getSharingPolicy(principal) };
    const report = await runScenario(broken, () => {}, clock);
    expect(report.steps.filter((s) => !s.passed).map((s) => s.number)).toEqual([19, 20, 21, 22]);
  });

  it("R18: a service whose clock never moves keeps the expired share: the expiry chapter fails", async () => {
    const { store } = await makeExampleStore("memory");
    const stopped: ExampleClock = { now: exampleClock().now, advance: () => {} };
    const sharing = createImageSharing({ store, regions: ["IAD", "DFW", "LON"], clock: stopped.now });
    const report = await runScenario(sharing, () => {}, stopped);
    expect(report.steps.filter((s) => !s.passed).map((s) => s.number)).toEqual([27, 28, 29]);
  });

  it("npm run example exits 0 on the memory store and 2 for an unknown store", async () => {
    const ok = await run("npx", ["tsx", "examples/run.ts", "--store", "memory"]);
    expect(ok.stdout).toContain("All 29 steps behaved as expected.");
    const unknown = run("npx", ["tsx", "examples/run.ts", "--store=nope"]);
    await expect(unknown).rejects.toMatchObject({ code: 2 });
  });

  it("npm run example -- --store pglite runs the same story on the SQL store", async () => {
    const ok = await run("npx", ["tsx", "examples/run.ts", "--store", "pglite"]);
    expect(ok.stdout).toContain("store: pglite");
    expect(ok.stdout).toContain("All 29 steps behaved as expected.");
  });
});
