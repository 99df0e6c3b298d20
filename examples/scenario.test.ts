import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createImageSharing, type ImageSharing } from "cloud-image-sharing";
import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { runScenario } from "./scenario.js";
import { makeExampleStore } from "./stores.js";

const run = promisify(execFile);

async function memorySharing(): Promise<ImageSharing> {
  const { store } = await makeExampleStore("memory");
  return createImageSharing({ store, regions: ["IAD", "DFW", "LON"] });
}

describe("the example scenario (npm run example)", () => {
  it("R2, R4, R5, R6, R7, R14: every step of the story has the outcome the spec prescribes", async () => {
    const report = await runScenario(await memorySharing(), () => {});
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
    ]);
    expect(report.passed).toBe(true);
  });

  it("logs one readable, numbered line per step naming the actor", async () => {
    const lines: string[] = [];
    const report = await runScenario(await memorySharing(), (line) => lines.push(line));
    expect(lines).toHaveLength(report.steps.length);
    expect(lines[7]).toMatch(/^ok\s+8\. bob tries to boot from it in DFW\n\s+-> RegionMismatch: /);
  });

  it("reports a regression: a service that boots a shared image outside its region fails the scenario", async () => {
    const sound = await memorySharing();
    // Sabotage one rule: the region check of the boot authorization is skipped.
    const broken: ImageSharing = {
      ...sound,
      authorizeBoot: (principal, input) => sound.getImage(principal, { imageId: input.imageId }),
    };
    const report = await runScenario(broken, () => {});
    expect(report.passed).toBe(false);
    expect(report.steps.filter((s) => !s.passed).map((s) => [s.number, s.actual, s.expected])).toEqual([[8, "ok", "RegionMismatch"]]);
  });

  it("reports a step whose success carries the wrong value, and keeps going when a step errs", async () => {
    const sound = await memorySharing();
    const broken: ImageSharing = {
      ...sound,
      listImages: (principal) => sound.listImages(principal, { region: "global" }).map((page) => ({ ...page, items: [] })),
      createImage: () => errAsync({ type: "StorageFailure", message: "disk on fire", cause: null }),
    };
    const report = await runScenario(broken, () => {});
    expect(report.steps).toHaveLength(18);
    expect(report.steps[0]).toMatchObject({ actual: "StorageFailure", passed: false });
    expect(report.steps.find((s) => s.number === 6)).toMatchObject({ actual: "ok (wrong result)", passed: false });
  });

  it("npm run example exits 0 on the memory store and 2 for an unknown store", async () => {
    const ok = await run("npx", ["tsx", "examples/run.ts", "--store", "memory"]);
    expect(ok.stdout).toContain("All 18 steps behaved as expected.");
    const unknown = run("npx", ["tsx", "examples/run.ts", "--store=nope"]);
    await expect(unknown).rejects.toMatchObject({ code: 2 });
  });
});
