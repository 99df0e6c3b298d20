import type { ImageSharing, RegionCode } from "cloud-image-sharing";
import { encodeCursor, PAGE_LIMITS } from "cloud-image-sharing";
import fc from "fast-check";
import { imageNameArb, sizeBytesArb, timestampArb } from "./entities.js";
import { accountIdArb, idArb } from "./ids.js";
import { regionCodeArb, regionSelectorArb } from "./regions.js";

/** The input type of each service method, as callers pass it. */
export type MethodInputs = { [Method in keyof ImageSharing]: Parameters<ImageSharing[Method]>[1] };

/** Options of the input arbitraries: draw regions from this catalog, ids from these pools. */
export type InputArbOptions = {
  /** Regions to draw from (default: any well-formed code). */
  readonly catalog?: readonly RegionCode[];
  /** Image ids to draw from (default: any valid id). */
  readonly imageIds?: readonly string[];
  /** Account ids to draw from (default: any valid account id). */
  readonly accountIds?: readonly string[];
  /**
   * Event ids for `listEvents`' `after` (default: any valid id). The service answers
   * `ValidationError` for an `after` that is not an event of the principal's account.
   */
  readonly eventIds?: readonly string[];
};

const pick = (pool: readonly string[] | undefined, fallback: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  pool === undefined || pool.length === 0 ? fallback : fc.constantFrom(...pool);

/** `{}` without the key, or `{ key: value }`: an optional field left out or given. */
function optionalField<K extends string, V>(key: K, value: fc.Arbitrary<V>): fc.Arbitrary<Partial<Record<K, V>>> {
  return fc.option(value, { nil: undefined }).map((v) => (v === undefined ? {} : ({ [key]: v } as Record<K, V>)));
}

/**
 * Page sizes: 1–1000, with the edges likely.
 *
 * @example
 * fc.assert(fc.property(limitArb(), (n) => LimitSchema.safeParse(n).success));
 */
export function limitArb(): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(PAGE_LIMITS.min, PAGE_LIMITS.max), fc.integer({ min: PAGE_LIMITS.min, max: PAGE_LIMITS.max }));
}

/**
 * Cursors of the shape the library issues (well-formed; they need not point at an existing image).
 *
 * @example
 * fc.assert(fc.property(cursorArb(), (c) => CursorSchema.safeParse(c).success));
 */
export function cursorArb(): fc.Arbitrary<string> {
  return fc.record({ createdAt: timestampArb(), id: idArb() }).map(encodeCursor);
}

/**
 * A valid input for every method of the service, keyed by method name. The type is checked
 * against `ImageSharing`, so a new method cannot be forgotten. Pass pools (`imageIds`,
 * `accountIds`, `catalog`) to aim the inputs at a world you built.
 *
 * @example
 * const inputs = validInputArbs({ catalog: ["IAD"] });
 * fc.assert(fc.asyncProperty(inputs.createImage, async (input) =>
 *   (await sharing.createImage(admin, input)).isOk()));
 */
export function validInputArbs(options: InputArbOptions = {}): { [Method in keyof MethodInputs]: fc.Arbitrary<MethodInputs[Method]> } {
  const imageId = pick(options.imageIds, idArb());
  const accountId = pick(options.accountIds, accountIdArb());
  const region = regionCodeArb(options.catalog === undefined ? {} : { catalog: options.catalog });
  const selector = regionSelectorArb(options.catalog === undefined ? {} : { catalog: options.catalog });
  const imageRef = fc.record({ imageId });
  const memberRef = fc.record({ imageId, consumerAccountId: accountId });
  // Inputs whose fields are all optional may be omitted altogether (SPEC section 4).
  const omittable = <T>(input: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: input });
  return {
    createImage: fc
      .tuple(fc.record({ name: imageNameArb(), region }), optionalField("sizeBytes", sizeBytesArb()))
      .map(([required, size]) => ({ ...required, ...size })),
    updateImage: fc.record({ imageId, name: imageNameArb() }),
    deleteImage: imageRef,
    getImage: imageRef,
    listImages: omittable(
      fc
        .tuple(optionalField("region", selector), optionalField("limit", limitArb()), optionalField("cursor", cursorArb()))
        .map(([a, b, c]) => ({ ...a, ...b, ...c })),
    ),
    shareImage: memberRef,
    unshareImage: memberRef,
    listMembers: imageRef,
    listPendingShares: omittable(optionalField("region", selector)),
    acceptImage: imageRef,
    rejectImage: imageRef,
    authorizeBoot: fc.record({ imageId, region }),
    getStorageUsage: omittable(fc.constant({})),
    listEvents: omittable(
      fc.tuple(optionalField("after", pick(options.eventIds, idArb())), optionalField("limit", limitArb())).map(([a, b]) => ({ ...a, ...b })),
    ),
  };
}
