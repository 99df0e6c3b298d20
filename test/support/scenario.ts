import type { MemberStatus } from "cloud-image-sharing";
import { imageNameArb, sizeBytesArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { runOp } from "./execute.js";
import { learnNewEvents } from "./observe.js";
import { adminRolesArb, KNOWN_ACCOUNTS, type Op, type OpArbOptions, opArb, REGIONS } from "./ops.js";
import { isExpired } from "./oracle/state.js";
import { beginStep, createWorld, nowOf, type World, type WorldOptions } from "./world.js";

// Worlds for the property tests: a generated sequence of steps, run on the service with every
// answer checked against the oracle on the way (so a property starts from a state the oracle
// vouches for), then the property's own probe.

/** A world to build: the steps that populate it. */
export type WorldSpec = { readonly ops: Op[] };

/**
 * Image sizes from the shipped arbitrary, kept below 2^40 so that sums of a few stay exact
 * (above 2^53 a JavaScript sum depends on the order of the additions).
 */
const exactSizeArb = sizeBytesArb().filter((n) => n <= 2 ** 40);

/** A few images created by admins first, so the steps after them have something to act on. */
const seedImagesArb: fc.Arbitrary<Op[]> = fc.array(
  fc.record({
    kind: fc.constant("createImage" as const),
    actor: fc.record({
      accountId: fc.constantFrom<string>(...KNOWN_ACCOUNTS),
      userId: fc.constantFrom("alice", "bob"),
      roles: adminRolesArb,
    }),
    name: imageNameArb(),
    region: fc.constantFrom<string>(...REGIONS),
    sizeBytes: exactSizeArb,
  }),
  { minLength: 1, maxLength: 4 },
);

/**
 * A random world: some images, then up to `maxOps` steps by admins with valid input (most of
 * them succeed: shares, expiring shares, decisions, policies, clock advances…). Pass other
 * `options` (e.g. `roles`) to mix in refusals.
 */
export function worldSpecArb(maxOps = 24, options: OpArbOptions = {}): fc.Arbitrary<WorldSpec> {
  const steps = opArb({ roles: adminRolesArb, invalid: false, names: imageNameArb(), sizes: exactSizeArb, ...options });
  return fc
    .tuple(seedImagesArb, fc.array(steps, { maxLength: maxOps, size: "max" }))
    .map(([seed, ops]) => ({ ops: [...seed, ...ops] }));
}

/**
 * Whether worlds are built without checking each step (`PROPERTY_WORLDS_UNCHECKED=1`): then a
 * property stands alone against a broken rule, which is how each one was shown to catch its own.
 */
const unchecked = process.env.PROPERTY_WORLDS_UNCHECKED === "1";

/** Builds a world from a spec, checking every answer against the oracle on the way. Deterministic: the same spec builds the same world. */
export async function buildWorld(spec: WorldSpec, options: WorldOptions = {}): Promise<World> {
  const world = await createWorld({ checkAnswers: !unchecked, ...options });
  for (const op of spec.ops) await step(world, op);
  return world;
}

/** Runs one more step on a built world (checked against the oracle), and learns its event ids. */
export async function step(world: World, op: Op): Promise<void> {
  beginStep(world);
  await runOp(world, op);
  await learnNewEvents(world);
}

/** The live members of an image by consumer: their stored status, expired ones left out (R18) unless asked for. */
export function statusesOf(world: World, imageId: string, withExpired = false): Map<string, MemberStatus> {
  const now = nowOf(world);
  const members = [...(world.model.state.members.get(imageId)?.values() ?? [])];
  return new Map(members.filter((m) => withExpired || !isExpired(m, now)).map((m) => [m.consumerAccountId, m.status]));
}

/** R9, R18: whether the account may know the image exists now: owner, or a member (any status) whose share has not expired. */
export const visibleTo = (world: World, imageId: string, accountId: string): boolean =>
  world.model.sees(accountId, imageId, nowOf(world));

/** An image id by pick: one the service issued (deleted ones too), or `missing` when there is none. */
export function pickImageId(world: World, pick: number, missing = "no-such-image"): string {
  if (pick < 0 || world.imageIds.length === 0) return missing;
  return world.imageIds[pick % world.imageIds.length] ?? missing;
}
