import { err, type Result } from "neverthrow";
import { type SharingErrorOf, SharingErrors } from "../domain/errors.js";
import type { Image } from "../domain/image.js";
import { GLOBAL, type RegionSelector } from "../domain/region.js";
import { passed } from "./passed.js";

// R6: an image lives in exactly one region of the service's catalog, and sharing never moves it.

/** `UnknownRegion` for a well-formed region (or selector) that the catalog does not hold. */
export function checkRegionKnown(
  region: RegionSelector,
  catalog: ReadonlySet<string>,
): Result<void, SharingErrorOf<"UnknownRegion">> {
  return region === GLOBAL || catalog.has(region) ? passed() : err(SharingErrors.unknownRegion(region));
}

/** A server may boot from an image only in the image's own region (R6). */
export function checkBootRegion(image: Image, requestedRegion: string): Result<void, SharingErrorOf<"RegionMismatch">> {
  return image.region === requestedRegion
    ? passed()
    : err(SharingErrors.regionMismatch(image.id, image.region, requestedRegion));
}
