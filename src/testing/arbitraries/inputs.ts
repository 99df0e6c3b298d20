import type { ImageSharing, RegionCode } from "cloud-image-sharing";
import { PAGE_LIMITS } from "cloud-image-sharing";
import fc from "fast-check";
import { imageNameArb, sizeBytesArb } from "./entities.js";
import { accountIdArb, idArb } from "./ids.js";
import { regionCodeArb, regionSelectorArb } from "./regions.js";

/** The names of the service's operations: every method of `ImageSharing` that takes `(principal, input)`. */
export type MethodName = Exclude<keyof ImageSharing, "as">;

/** The input type of each service method, as callers pass it. */
export type MethodInputs = { [Method in MethodName]: Parameters<ImageSharing[Method]>[1] };

/** One arbitrary per service method, of that method's input type. */
export type MethodInputArbs = { [Method in MethodName]: fc.Arbitrary<MethodInputs[Method]> };

/** Options of the input arbitraries: draw regions from this catalog, ids from these pools. */
export type InputArbOptions = {
  /** Regions to draw from (default: any well-formed code). */
  readonly catalog?: readonly RegionCode[];
  /** Image ids to draw from (default: any valid id). */
  readonly imageIds?: readonly string[];
  /** Account ids to draw from (default: any valid account id). */
  readonly accountIds?: readonly string[];
  /**
   * The account the inputs are meant for: `setSharingPolicy` never names it (an account cannot
   * trust or block itself, R17).
   */
  readonly actingAccountId?: string;
  /**
   * Event ids for `listEvents`' `after` (default: any valid id). The service answers
   * `ValidationError` for an `after` that is not an event of the principal's account.
   */
  readonly eventIds?: readonly string[];
  /**
   * Cursors for `listImages` and `listPendingShares`, as pages of your service issued them
   * (default: none, the `cursor` is left out). A cursor the library did not issue, or one of
   * another list, is a `ValidationError`, so random ones make no valid input.
   */
  readonly cursors?: readonly string[];
  /**
   * The service clock's now: `shareImage`'s `expiresAt` is drawn after it (R18; default
   * `2100-01-01T00:00:00.000Z`, later than any real clock, so the default inputs stay valid).
   */
  readonly now?: string;
};

const DEFAULT_NOW = "2100-01-01T00:00:00.000Z";
/** The latest `expiresAt` drawn: the end of year 2999 (the range of `timestampArb`). */
const LATEST = Date.UTC(2999, 11, 31);

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
  return fc.oneof(
    fc.constantFrom(PAGE_LIMITS.min, PAGE_LIMITS.max),
    fc.integer({ min: PAGE_LIMITS.min, max: PAGE_LIMITS.max }),
  );
}

const BASE64URL = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

/**
 * Well-formed cursors the library did NOT issue: they pass `CursorSchema` (base64url), and the
 * service must refuse each with a `ValidationError` on `cursor` (a forged cursor is no position).
 *
 * @example
 * fc.assert(fc.asyncProperty(cursorArb(), async (cursor) =>
 *   (await sharing.listImages(alice, { cursor })).isErr()));
 */
export function cursorArb(): fc.Arbitrary<string> {
  return fc.string({ unit: BASE64URL, minLength: 1, maxLength: 64 });
}

/**
 * `expiresAt` values for `shareImage` (R18): ISO-8601 times strictly after `now` (default
 * `2100-01-01T00:00:00.000Z`).
 *
 * @example
 * fc.assert(fc.property(expiresAtArb({ now: "2026-01-01T00:00:00.000Z" }), (t) => t > "2026-01-01T00:00:00.000Z"));
 */
export function expiresAtArb(options: { readonly now?: string } = {}): fc.Arbitrary<string> {
  const from = Date.parse(options.now ?? DEFAULT_NOW) + 1;
  return fc.integer({ min: from, max: Math.max(from, LATEST) }).map((ms) => new Date(ms).toISOString());
}

/**
 * `setSharingPolicy` inputs (R17): trusted and blocked producers drawn from `accountIds` (never
 * `actingAccountId`), distinct, never in both lists; either list may be left out.
 */
function setSharingPolicyArb(
  pool: readonly string[] | undefined,
  actingAccountId: string | undefined,
): fc.Arbitrary<MethodInputs["setSharingPolicy"]> {
  const candidates = pool === undefined || pool.length === 0 ? undefined : pool.filter((id) => id !== actingAccountId);
  const others =
    candidates === undefined
      ? accountIdArb().filter((id) => id !== actingAccountId)
      : candidates.length === 0
        ? null
        : fc.constantFrom(...candidates);
  return fc
    .record({
      producers: others === null ? fc.constant<string[]>([]) : fc.uniqueArray(others, { maxLength: 6 }),
      trusted: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      give: fc.constantFrom("both", "autoAcceptFrom", "blockFrom", "neither"),
    })
    .map(({ producers, trusted, give }) => {
      const autoAcceptFrom = producers.filter((_, n) => trusted[n] === true);
      const blockFrom = producers.filter((_, n) => trusted[n] !== true);
      return {
        ...(give === "both" || give === "autoAcceptFrom" ? { autoAcceptFrom } : {}),
        ...(give === "both" || give === "blockFrom" ? { blockFrom } : {}),
      };
    });
}

/**
 * A valid input for every method of the service, keyed by method name. The type is checked
 * against `ImageSharing`, so a new method cannot be forgotten. Pass pools (`imageIds`,
 * `accountIds`, `catalog`, `cursors`, `eventIds`) to aim the inputs at a world you built.
 *
 * @example
 * const inputs = validInputArbs({ catalog: ["IAD"] });
 * fc.assert(fc.asyncProperty(inputs.createImage, async (input) =>
 *   (await sharing.createImage(admin, input)).isOk()));
 */
export function validInputArbs(options: InputArbOptions = {}): MethodInputArbs {
  const imageId = pick(options.imageIds, idArb());
  const accountId = pick(options.accountIds, accountIdArb());
  const region = regionCodeArb(options.catalog === undefined ? {} : { catalog: options.catalog });
  const selector = regionSelectorArb(options.catalog === undefined ? {} : { catalog: options.catalog });
  const imageRef = fc.record({ imageId });
  const memberRef = fc.record({ imageId, consumerAccountId: accountId });
  const cursor =
    options.cursors === undefined || options.cursors.length === 0 ? null : fc.constantFrom(...options.cursors);
  const page = fc
    .tuple(
      optionalField("region", selector),
      optionalField("limit", limitArb()),
      cursor === null ? fc.constant({}) : optionalField("cursor", cursor),
    )
    .map(([a, b, c]) => ({ ...a, ...b, ...c }));
  // Inputs whose fields are all optional may be omitted altogether.
  const omittable = <T>(input: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: input });
  return {
    createImage: fc
      .tuple(fc.record({ name: imageNameArb(), region }), optionalField("sizeBytes", sizeBytesArb()))
      .map(([required, size]) => ({ ...required, ...size })),
    updateImage: fc.record({ imageId, name: imageNameArb() }),
    deleteImage: imageRef,
    getImage: imageRef,
    listImages: omittable(page),
    shareImage: fc
      .tuple(memberRef, optionalField("expiresAt", expiresAtArb(options.now === undefined ? {} : { now: options.now })))
      .map(([ref, expiry]) => ({ ...ref, ...expiry })),
    unshareImage: memberRef,
    listMembers: imageRef,
    listPendingShares: omittable(page),
    acceptImage: imageRef,
    rejectImage: imageRef,
    authorizeBoot: fc.record({ imageId, region }),
    getStorageUsage: omittable(fc.constant({})),
    listEvents: omittable(
      fc
        .tuple(optionalField("after", pick(options.eventIds, idArb())), optionalField("limit", limitArb()))
        .map(([a, b]) => ({ ...a, ...b })),
    ),
    setSharingPolicy: omittable(setSharingPolicyArb(options.accountIds, options.actingAccountId)),
    getSharingPolicy: omittable(fc.constant({})),
  };
}
