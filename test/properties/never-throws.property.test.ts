import type { ImageSharing, SharingError } from "cloud-image-sharing";
import { principalArb, rolesArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";
import { createWorld, nowOf, type World } from "../support/world.js";
import { isValidInput, isValidPrincipal, METHOD_NAMES, type MethodName, validInputArb } from "./validity.js";

// R15: errors are values. Whatever a caller passes — the principal included — every public
// method returns a ResultAsync that resolves (never a throw, never a rejected promise), invalid
// input is a ValidationError, and a failed call writes nothing.

/** Every error type of SPEC section 4, written out here rather than imported. */
const KNOWN_ERROR_TYPES = new Set([
  "ValidationError",
  "ImageNotFound",
  "AccountNotFound",
  "MemberNotFound",
  "Forbidden",
  "SelfShare",
  "AlreadyShared",
  "ReshareRequired",
  "MemberQuotaExceeded",
  "RegionMismatch",
  "UnknownRegion",
  "ConcurrentModification",
  "StorageFailure",
]);

/** Values of every odd kind: null prototypes, bigints, typed arrays, boxed values, sparse arrays, maps, sets, dates… */
const garbageArb = fc.anything({
  maxDepth: 3,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withTypedArray: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withSparseArray: true,
  withUnicodeString: true,
});

/** A principal with one field replaced by garbage (or dropped): the near misses a validator must see. */
const almostPrincipalArb = fc
  .tuple(principalArb(), fc.constantFrom("userId", "accountId", "roles"), fc.option(garbageArb, { nil: undefined }))
  .map(([principal, field, value]) => ({ ...principal, [field]: value }));

type LooseMethod = (principal: unknown, input?: unknown) => unknown;

/** Calls a method with untyped arguments, failing the property on a synchronous throw, a non-ResultAsync, or a rejection. */
async function callLoosely(
  world: World,
  method: MethodName,
  principal: unknown,
  input: unknown,
): Promise<{ ok: boolean; error?: SharingError }> {
  const run = (world.service as unknown as Record<MethodName, LooseMethod>)[method];
  let returned: unknown;
  try {
    returned = run(principal, input);
  } catch {
    expect.fail(`${method} threw synchronously`);
  }
  expect(returned, `${method} returns a ResultAsync`).toBeInstanceOf(ResultAsync);
  let settled: Awaited<ReturnType<ImageSharing["getImage"]>>;
  try {
    settled = await (returned as ReturnType<ImageSharing["getImage"]>);
  } catch {
    return expect.fail(`${method}'s promise rejected`);
  }
  return settled.isOk() ? { ok: true } : { ok: false, error: settled.error };
}

/** The checks every call must pass, given whether its arguments are valid. */
async function expectWellBehaved(world: World, method: MethodName, principal: unknown, input: unknown): Promise<void> {
  const commitsBefore = world.writes();
  const outcome = await callLoosely(world, method, principal, input);
  const principalValid = isValidPrincipal(principal);
  const account = principalValid ? (principal as { accountId: string }).accountId : undefined;
  const valid = principalValid && isValidInput(method, input, nowOf(world), account);
  if (outcome.error !== undefined) {
    const { error } = outcome;
    expect(KNOWN_ERROR_TYPES.has(error.type), `unknown error type ${String(error.type)}`).toBe(true);
    expect(typeof error.message).toBe("string");
    // A failed call stores nothing and records no event: it never even reaches the store's commit.
    expect(world.writes()).toBe(commitsBefore);
  }
  if (!valid) {
    expect(outcome.error?.type, `${method} with invalid arguments`).toBe("ValidationError");
    const issues = outcome.error?.type === "ValidationError" ? outcome.error.issues : [];
    expect(issues.length).toBeGreaterThan(0);
    if (!principalValid)
      expect(
        issues.some((issue) => issue.path[0] === "principal"),
        "an issue names the principal",
      ).toBe(true);
  } else {
    expect(outcome.error?.type).not.toBe("ValidationError");
  }
}

/** A world with one shared image, so that valid calls have something to find. */
async function populatedWorld(): Promise<World> {
  const world = await createWorld();
  const image = await okOf(
    world.service.createImage(adminOf("100001"), { name: "golden", region: "IAD", sizeBytes: 10 }),
  );
  await okOf(world.service.shareImage(adminOf("100001"), { imageId: image.id, consumerAccountId: "100002" }));
  return world;
}

const methodArb = fc.constantFrom(...METHOD_NAMES);

describe("no public method throws", () => {
  it("R15: fed anything as principal and input, every method resolves to an Err with a known type (ValidationError), and writes nothing", async () => {
    const world = await populatedWorld();
    await fc.assert(
      fc.asyncProperty(methodArb, garbageArb, garbageArb, async (method, principal, input) => {
        await expectWellBehaved(world, method, principal, input);
      }),
    );
  });

  it("R15: with a valid principal and garbage input, every method resolves; invalid input is a ValidationError and writes nothing", async () => {
    const world = await populatedWorld();
    await fc.assert(
      fc.asyncProperty(
        methodArb,
        principalArb(),
        fc.oneof(garbageArb, fc.constant(undefined), fc.constant({})),
        async (method, principal, input) => {
          await expectWellBehaved(world, method, principal, input);
        },
      ),
    );
  });

  it("R15: a principal that is almost valid (one field garbage or missing) is a ValidationError naming the principal, even with a valid input", async () => {
    const world = await populatedWorld();
    await fc.assert(
      fc.asyncProperty(
        methodArb.chain((method) => fc.tuple(fc.constant(method), validInputArb(method, world.env.nowMs))),
        almostPrincipalArb,
        async ([method, input], principal) => {
          await expectWellBehaved(world, method, principal, input);
        },
      ),
    );
  });

  it("R15: valid principals with valid inputs never throw either, and never answer ValidationError", async () => {
    const world = await createWorld({ memberQuota: 3 });
    await fc.assert(
      fc.asyncProperty(
        methodArb.chain((method) => fc.tuple(fc.constant(method), validInputArb(method, world.env.nowMs))),
        principalArb({ roles: rolesArb() }),
        async ([method, input], principal) => {
          await expectWellBehaved(world, method, principal, input);
        },
      ),
    );
  });
});
