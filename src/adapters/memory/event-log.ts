import { accountsConcernedBy, type SharingEvent } from "../../domain/events.js";

/** One account's events in commit order, with each event's position for `after` look-ups. */
type AccountFeed = { readonly events: SharingEvent[]; readonly positions: Map<string, number> };

/** The events of every account: appending is O(accounts concerned), a page is O(limit). */
export type EventLog = Map<string, AccountFeed>;

/** Appends an event to the feed of every account it concerns (the owner, and the named consumer). */
export function appendEvent(log: EventLog, event: SharingEvent): void {
  for (const accountId of accountsConcernedBy(event)) {
    let feed = log.get(accountId);
    if (feed === undefined) {
      feed = { events: [], positions: new Map() };
      log.set(accountId, feed);
    }
    feed.positions.set(event.id, feed.events.length);
    feed.events.push(event);
  }
}

/** A page of the account's events after the event `after`; `null` when `after` is not in its feed. */
export function readEvents(
  log: EventLog,
  accountId: string,
  after: string | null,
  limit: number,
): SharingEvent[] | null {
  const feed = log.get(accountId);
  if (after === null) return feed === undefined ? [] : feed.events.slice(0, limit);
  const position = feed?.positions.get(after);
  if (feed === undefined || position === undefined) return null;
  return feed.events.slice(position + 1, position + 1 + limit);
}
