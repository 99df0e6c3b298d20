import { GLOBAL, type RegionSelector } from "../../domain/region.js";
import { insertSorted, type Keyed, removeSorted } from "./sorted-list.js";

/**
 * Sorted lists per (account, region selector): each entry is filed under its own region and
 * under `"global"`, so a list for one region or for all of them walks only what it returns.
 */
export type RegionIndex<T extends Keyed> = Map<string, Map<RegionSelector, T[]>>;

/** The sorted list for (account, selector); empty when there is none. */
export function listFor<T extends Keyed>(
  index: RegionIndex<T>,
  accountId: string,
  selector: RegionSelector,
): readonly T[] {
  return index.get(accountId)?.get(selector) ?? [];
}

/** Files `item` for `accountId` under `region` and under `"global"`. */
export function addToIndex<T extends Keyed>(index: RegionIndex<T>, accountId: string, region: string, item: T): void {
  let byRegion = index.get(accountId);
  if (byRegion === undefined) {
    byRegion = new Map();
    index.set(accountId, byRegion);
  }
  for (const selector of [region, GLOBAL]) {
    const list = byRegion.get(selector);
    const next = list === undefined ? [item] : insertSorted(list, item);
    if (next !== list) byRegion.set(selector, next);
  }
}

/** Removes `item` from `accountId`'s lists under `region` and `"global"`, dropping empty lists. */
export function removeFromIndex<T extends Keyed>(
  index: RegionIndex<T>,
  accountId: string,
  region: string,
  item: T,
): void {
  const byRegion = index.get(accountId);
  if (byRegion === undefined) return;
  for (const selector of [region, GLOBAL]) {
    const list = byRegion.get(selector);
    if (list === undefined) continue;
    const next = removeSorted(list, item.key);
    if (next.length === 0) byRegion.delete(selector);
    else if (next !== list) byRegion.set(selector, next);
  }
  if (byRegion.size === 0) index.delete(accountId);
}
