import { DEFAULT_REGIONS, GLOBAL, type RegionCode, type RegionSelector } from "cloud-image-sharing";
import fc from "fast-check";

const UPPER = fc.integer({ min: 0x41, max: 0x5a }).map((code) => String.fromCharCode(code));
const REGION_TAIL = fc.oneof(UPPER, fc.constantFrom("0", "1", "2", "9", "-"));

/**
 * Well-formed region codes. With a `catalog`, only codes from it; otherwise the default
 * regions (`IAD`, `LON`, …) mixed with any code matching `RegionCodeSchema`.
 *
 * @example
 * fc.assert(fc.property(regionCodeArb({ catalog: ["IAD", "DFW"] }), (r) => r === "IAD" || r === "DFW"));
 */
export function regionCodeArb(options: { catalog?: readonly RegionCode[] } = {}): fc.Arbitrary<RegionCode> {
  if (options.catalog !== undefined) return fc.constantFrom(...options.catalog);
  const generated = fc
    .tuple(UPPER, fc.string({ unit: REGION_TAIL, minLength: 1, maxLength: 31 }))
    .map(([first, tail]) => first + tail);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...DEFAULT_REGIONS) }, { weight: 1, arbitrary: generated });
}

/**
 * A region catalog for `createImageSharing({ regions })`: 1–`maxLength` (default 4) distinct codes.
 *
 * @example
 * const sharing = createImageSharing({ regions: fc.sample(regionCatalogArb(), 1)[0] });
 */
export function regionCatalogArb(options: { maxLength?: number } = {}): fc.Arbitrary<RegionCode[]> {
  return fc.uniqueArray(regionCodeArb(), { minLength: 1, maxLength: options.maxLength ?? 4 });
}

/**
 * Region selectors: `"global"` or a region code (from `catalog` when given).
 *
 * @example
 * fc.assert(fc.property(regionSelectorArb(), (s) => RegionSelectorSchema.safeParse(s).success));
 */
export function regionSelectorArb(options: { catalog?: readonly RegionCode[] } = {}): fc.Arbitrary<RegionSelector> {
  return fc.oneof(fc.constant(GLOBAL), regionCodeArb(options));
}

/**
 * Strings that are NOT region codes (nor selectors): lower case, `"global"` spelt otherwise,
 * too short, too long, starting with a digit or a dash, with spaces, empty.
 *
 * @example
 * fc.assert(fc.property(invalidRegionCodeArb(), (r) => !RegionSelectorSchema.safeParse(r).success));
 */
export function invalidRegionCodeArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("", "I", "iad", "Iad", "Global", "GLOBAL ", " IAD", "1AD", "-IAD", "IA D", "IAD\n", "ІAD"),
    regionCodeArb().map((code) => `${code.toLowerCase()}x`),
    fc.constant("A".repeat(33)),
  );
}
