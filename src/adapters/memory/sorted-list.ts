import { compareNewestFirst, type SortKey } from "../../domain/page.js";

// A list kept in the library's one order (newest first by createdAt, then id descending), with
// binary search to find where a page starts: a page costs O(log n + limit), never a scan.

/** Something with a stable position in that order (an image's createdAt and id never change). */
export type Keyed = { readonly key: SortKey };

/** The index of the first element that comes strictly after `cursor` (0 when `cursor` is null). */
export function firstIndexAfter<T extends Keyed>(list: readonly T[], cursor: SortKey | null): number {
  if (cursor === null) return 0;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    // biome-ignore lint/style/noNonNullAssertion: mid is within [0, length)
    if (compareNewestFirst(list[mid]!.key, cursor) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Inserts `item` at its place in the order (no-op if an element with the same key is there). */
export function insertSorted<T extends Keyed>(list: T[], item: T): void {
  const at = firstIndexAfter(list, item.key);
  const before = list[at - 1];
  if (before !== undefined && compareNewestFirst(before.key, item.key) === 0) return;
  list.splice(at, 0, item);
}

/** Removes the element with `item`'s key, if present. */
export function removeSorted<T extends Keyed>(list: T[], key: SortKey): void {
  const at = firstIndexAfter(list, key) - 1;
  const found = list[at];
  if (found !== undefined && compareNewestFirst(found.key, key) === 0) list.splice(at, 1);
}
