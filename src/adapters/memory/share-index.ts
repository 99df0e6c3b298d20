import { compareNewestFirst, type SortKey } from "../../domain/page.js";
import { GLOBAL, type RegionSelector } from "../../domain/region.js";
import { addToIndex, listFor, type RegionIndex, removeFromIndex } from "./region-index.js";
import { firstIndexAfter, type Keyed } from "./sorted-list.js";

// The shares of one status (accepted, or pending) per consumer account, for its lists.
//
// Shares that never expire sit in sorted lists in list order, so a page walks only what it
// returns. Expiring shares sit apart, sorted by `expiresAt`: a page finds the unexpired ones by
// binary search and sorts just those, so expired shares that pile up (R18: they stay until the
// producer removes them) are never walked one by one.

/** One share in an index: its place in list order, what it points at, and when it expires. */
export type ShareEntry<T> = Keyed & { readonly item: T; readonly expiresAt?: string | undefined };

type Expiring<T> = Map<string, Map<RegionSelector, ShareEntry<T>[]>>;

/** An index of shares by consumer account and region selector. */
export type ShareIndex<T> = {
  add(accountId: string, region: string, entry: ShareEntry<T>): void;
  remove(accountId: string, region: string, entry: ShareEntry<T>): void;
  /** The unexpired entries for (account, selector) strictly after `after`, in list order, at most `limit`. */
  page(accountId: string, selector: RegionSelector, after: SortKey | null, limit: number, now: string): ShareEntry<T>[];
};

const expiryOf = (entry: { readonly expiresAt?: string | undefined }): number => Date.parse(entry.expiresAt ?? "");

/** Creates an empty {@link ShareIndex}. */
export function createShareIndex<T>(): ShareIndex<T> {
  const forever: RegionIndex<ShareEntry<T>> = new Map();
  const expiring: Expiring<T> = new Map();

  function fileExpiring(accountId: string, region: string, entry: ShareEntry<T>, add: boolean): void {
    let byRegion = expiring.get(accountId);
    if (byRegion === undefined) {
      if (!add) return;
      byRegion = new Map();
      expiring.set(accountId, byRegion);
    }
    for (const selector of [region, GLOBAL]) {
      const list = byRegion.get(selector) ?? [];
      const next = add ? insertByExpiry(list, entry) : list.filter((e) => compareNewestFirst(e.key, entry.key) !== 0);
      if (next.length === 0) byRegion.delete(selector);
      else byRegion.set(selector, next);
    }
    if (byRegion.size === 0) expiring.delete(accountId);
  }

  return {
    add: (accountId, region, entry) =>
      entry.expiresAt === undefined
        ? addToIndex(forever, accountId, region, entry)
        : fileExpiring(accountId, region, entry, true),
    remove: (accountId, region, entry) =>
      entry.expiresAt === undefined
        ? removeFromIndex(forever, accountId, region, entry)
        : fileExpiring(accountId, region, entry, false),
    page: (accountId, selector, after, limit, now) => {
      const lasting = listFor(forever, accountId, selector);
      const live = unexpired(expiring.get(accountId)?.get(selector) ?? [], now, after);
      const page: ShareEntry<T>[] = [];
      let i = firstIndexAfter(lasting, after);
      let j = 0;
      while (page.length < limit) {
        const a = lasting[i];
        const b = live[j];
        const next = a === undefined ? b : b === undefined || compareNewestFirst(a.key, b.key) < 0 ? a : b;
        if (next === undefined) break;
        page.push(next);
        if (next === a) i += 1;
        else j += 1;
      }
      return page;
    },
  };
}

/** The list (sorted by expiry, soonest first) with `entry` in place. */
function insertByExpiry<T>(list: readonly ShareEntry<T>[], entry: ShareEntry<T>): ShareEntry<T>[] {
  const at = firstExpiringAfter(list, expiryOf(entry));
  return [...list.slice(0, at), entry, ...list.slice(at)];
}

/** The index of the first entry expiring strictly after `time` (binary search). */
function firstExpiringAfter<T>(list: readonly ShareEntry<T>[], time: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    // biome-ignore lint/style/noNonNullAssertion: mid is within [0, length)
    if (expiryOf(list[mid]!) <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The entries still valid at `now` and after `after`, in list order: the expired prefix is skipped by binary search. */
function unexpired<T>(list: readonly ShareEntry<T>[], now: string, after: SortKey | null): ShareEntry<T>[] {
  return list
    .slice(firstExpiringAfter(list, Date.parse(now)))
    .filter((e) => after === null || compareNewestFirst(e.key, after) > 0)
    .sort((a, b) => compareNewestFirst(a.key, b.key));
}
