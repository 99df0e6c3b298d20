import type { EventDraft } from "./events.js";
import type { Image } from "./image.js";
import type { Member } from "./member.js";

/**
 * What a policy decided should change on one image (the image and its members form one unit
 * of consistency), plus the events that record it (R14). The service stamps the events and
 * commits all of it atomically with the image version the decision was made on.
 */
export type ImageChange = {
  /** The image's new state; `null` deletes it and, in the same step, all its members (R13). */
  readonly image?: Image | null;
  /** Members to create or overwrite, each keyed by (imageId, consumerAccountId). */
  readonly putMembers?: readonly Member[];
  /** Consumer account ids whose member records to remove. */
  readonly deleteMembers?: readonly string[];
  /** The events recording this change, in order. */
  readonly events: readonly EventDraft[];
};

/**
 * The outcome of a policy: the value the caller gets back, and the change to commit — or
 * `null` when nothing changes (an idempotent repeat records nothing, R14).
 */
export type Decision<T> = { readonly value: T; readonly change: ImageChange | null };
