import { createImageSharing, type ImageSharing, type ImageSharingStore } from "cloud-image-sharing";
import { ALL_ACCOUNTS, KNOWN_ACCOUNTS, MEMBER_QUOTA, REGIONS } from "./operations.js";
import { createReferenceModel, type ReferenceModel } from "./reference-model.js";

/** Where the model test starts its clock: 2026-01-01T00:00:00Z. */
const START_MS = Date.UTC(2026, 0, 1);

/**
 * The service under test, the reference model beside it, and the environment both share: a
 * clock that stands still during a step and ticks one second between steps (so the model knows
 * every timestamp a step writes), and a counter for ids (so the test knows which ids came from
 * `newId`).
 */
export type World = {
  readonly service: ImageSharing;
  readonly model: ReferenceModel;
  readonly env: WorldEnvironment;
  /** Every image id the service ever returned from createImage, in order (deleted ones too). */
  readonly imageIds: string[];
  /** The owner account of every image id in `imageIds`, as the service reported it at creation. */
  readonly imageOwners: Map<string, string>;
  /** Cursors the service issued, with the model's sort key they stand for (for stale-cursor paging). */
  readonly cursors: { cursor: string; after: { createdAt: string; id: string } }[];
};

/** The clock and id counter injected into the service. */
export type WorldEnvironment = {
  /** Milliseconds since the epoch of the current step; the injected clock returns it. */
  nowMs: number;
  /** How many steps have run. */
  steps: number;
  /** How many ids `newId` handed out. */
  idsIssued: number;
};

/** A world over a fresh store of the given accounts. */
export async function createWorld(makeStore: (accounts: string[]) => Promise<ImageSharingStore>): Promise<World> {
  const store = await makeStore([...KNOWN_ACCOUNTS]);
  const env: WorldEnvironment = { nowMs: START_MS, steps: 0, idsIssued: 0 };
  const service = createImageSharing({
    store,
    regions: [...REGIONS],
    memberQuota: MEMBER_QUOTA,
    clock: () => new Date(env.nowMs),
    newId: () => {
      env.idsIssued += 1;
      return `id-${env.idsIssued}`;
    },
  });
  const model = createReferenceModel({ accounts: KNOWN_ACCOUNTS, regions: REGIONS, memberQuota: MEMBER_QUOTA });
  return { service, model, env, imageIds: [], imageOwners: new Map(), cursors: [] };
}

/** Starts the next step: the clock moves one second. Returns the step's time. */
export function tick(world: World): string {
  world.env.steps += 1;
  world.env.nowMs = START_MS + world.env.steps * 1000;
  return new Date(world.env.nowMs).toISOString();
}

/** An admin principal of `accountId`, used to observe the state between steps. */
export const observerOf = (accountId: string) => ({ userId: "auditor", accountId, roles: ["cloudImages:admin"] });

/** Every account a principal of the test may come from. */
export const worldAccounts: readonly string[] = ALL_ACCOUNTS;
