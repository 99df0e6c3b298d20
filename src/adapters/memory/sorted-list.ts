import { compareNewestFirst, type SortKey } from "../../domain/page.js";

// A list kept in the library's one order (newest first by createdAt, then id descending), with
// binary search to find where a page starts: a page costs O(log n + limit), never a scan.
//
// Memory: most lists are short (an account's images in one region, its shares in one region),
// and a JS array grown by `push`/`splice` reserves room for ~16 more elements, which would cost
// more than the elements themselves. Short lists are therefore rebuilt at their exact size on
// every change (a copy of at most SHORT_LIST elements); long lists change in place, where the
// spare room is small relative to the list.

/** Lists up to this length are copied at exact size on change instead of spliced in place. */
const SHORT_LIST = 32;

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

/**
 * The list with `item` at its place in the order (unchanged if an element with the same key is
 * there). Returns the list to keep: a new exact-size array for a short list, `list` itself otherwise.
 */
export function insertSorted<T extends Keyed>(list: T[], item: T): T[] {
  const at = firstIndexAfter(list, item.key);
  const before = list[at - 1];
  if (before !== undefined && compareNewestFirst(before.key, item.key) === 0) return list;
  if (list.length >= SHORT_LIST) {
    list.splice(at, 0, item);
    return list;
  }
  const next = new Array<T>(list.length + 1);
  for (let i = 0; i < at; i += 1) next[i] = list[i] as T;
  next[at] = item;
  for (let i = at; i < list.length; i += 1) next[i + 1] = list[i] as T;
  return next;
}

/** The list without the element with `key` (unchanged if absent); short lists come back as a new exact-size array. */
export function removeSorted<T extends Keyed>(list: T[], key: SortKey): T[] {
  const at = firstIndexAfter(list, key) - 1;
  const found = list[at];
  if (found === undefined || compareNewestFirst(found.key, key) !== 0) return list;
  if (list.length > SHORT_LIST) {
    list.splice(at, 1);
    return list;
  }
  return list.filter((_, i) => i !== at);
}
