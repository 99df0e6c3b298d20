// The story of one shared image, told through the public API: a producer account shares a
// server image with a consumer account, which accepts it, boots from it, loses it, rejects a
// second share and gets it back only when the producer re-shares. Every step states what it
// expects; the run reports each outcome and whether it matched.

import type { ErrorType, ImageSharing, ImageView, Principal, SharingError } from "cloud-image-sharing";
// Imported by package name, exactly as in your application; inside this repository the
// tsconfig `paths` map it to the sources, so the example runs without a build.
import type { ResultAsync } from "neverthrow";
import { EXAMPLE_ACCOUNTS } from "./stores.js";

/** The people in the story: two users of the producer account's side and two of the consumer's. */
export const CAST = {
  alice: { userId: "alice", accountId: EXAMPLE_ACCOUNTS.producer, roles: ["cloudImages:admin"] },
  bob: { userId: "bob", accountId: EXAMPLE_ACCOUNTS.consumer, roles: ["cloudImages:admin"] },
  carol: { userId: "carol", accountId: EXAMPLE_ACCOUNTS.consumer, roles: ["cloudImages:observer"] },
} as const satisfies Record<string, Principal>;

/** What a step expects: success, or one error type. */
export type Expected = "ok" | ErrorType;

/** The outcome of one step, as printed and as tested. */
export type StepOutcome = {
  readonly number: number;
  readonly actor: string;
  readonly action: string;
  readonly expected: Expected;
  /** `"ok"` or the error type actually returned, or `"ok (wrong result)"` when a check failed. */
  readonly actual: string;
  /** A short description of the result: the value's gist, or the error message. */
  readonly detail: string;
  readonly passed: boolean;
};

/** Everything the scenario did. */
export type ScenarioReport = { readonly steps: readonly StepOutcome[]; readonly passed: boolean };

/** Where the scenario writes its lines (the console in `run.ts`, nothing in tests). */
export type Log = (line: string) => void;

/**
 * One step: who does what, what it expects, and for a success an optional check of the value
 * (a description of what is wrong, or `null` when the value is right).
 */
type Step<T> = {
  readonly actor: keyof typeof CAST;
  readonly action: string;
  readonly expected: Expected;
  readonly run: () => ResultAsync<T, SharingError>;
  readonly describe: (value: T) => string;
  readonly check?: (value: T) => string | null;
};

const REGION = "IAD";
const OTHER_REGION = "DFW";

/**
 * Runs the whole story against `sharing`, whose store must know the accounts of
 * `EXAMPLE_ACCOUNTS` and whose catalog must hold `IAD` and `DFW`. Stops at nothing: every
 * step runs and is reported, so one regression shows every consequence.
 */
export async function runScenario(sharing: ImageSharing, log: Log): Promise<ScenarioReport> {
  const { alice, bob, carol } = CAST;
  const consumer = EXAMPLE_ACCOUNTS.consumer;
  const outcomes: StepOutcome[] = [];

  /** Runs one step, records and logs its outcome; hands back the value on success. */
  async function step<T>(s: Step<T>): Promise<T | null> {
    const result = await s.run();
    const number = outcomes.length + 1;
    const problem = result.isOk() && s.check !== undefined ? s.check(result.value) : null;
    const actual = result.isErr() ? result.error.type : problem === null ? "ok" : "ok (wrong result)";
    const detail = result.isErr() ? result.error.message : (problem ?? s.describe(result.value));
    const outcome: StepOutcome = { number, actor: s.actor, action: s.action, expected: s.expected, actual, detail, passed: actual === s.expected };
    outcomes.push(outcome);
    log(formatOutcome(outcome));
    return result.isOk() ? result.value : null;
  }

  const memberStatus = (expected: string) => (m: { status: string }) =>
    m.status === expected ? null : `status is ${m.status}, expected ${expected}`;

  const created = await step({
    actor: "alice",
    action: `creates the image "golden-web" in ${REGION} for her account ${alice.accountId}`,
    expected: "ok",
    run: () => sharing.createImage(alice, { name: "golden-web", region: REGION, sizeBytes: 2_147_483_648 }),
    describe: (image: ImageView) => `image ${image.id} (${image.region}, ${image.sizeBytes} bytes)`,
  });
  // Later steps still run without an image, and report what they get instead.
  const imageId = created?.id ?? "no-such-image";
  const hasImage = (want: boolean) => (list: readonly { id: string }[]) =>
    list.some((i) => i.id === imageId) === want ? null : `the image is ${want ? "missing from" : "in"} the list`;
  await step({
    actor: "alice",
    action: `shares it with account ${consumer}`,
    expected: "ok",
    run: () => sharing.shareImage(alice, { imageId, consumerAccountId: consumer }),
    describe: (m) => `member ${m.consumerAccountId} is ${m.status}`,
    check: memberStatus("pending"),
  });
  await step({
    actor: "bob",
    action: "looks at his pending shares (the notification)",
    expected: "ok",
    run: () => sharing.listPendingShares(bob, { region: "global" }),
    describe: (shares) => `${shares.length} pending: ${shares.map((s) => `"${s.image.name}" from ${s.image.ownerAccountId}`).join(", ")}`,
    check: (shares) => hasImage(true)(shares.map((s) => s.image)),
  });
  await step({
    actor: "bob",
    action: "lists his images (anti-spam: a pending share is not there yet)",
    expected: "ok",
    run: () => sharing.listImages(bob),
    describe: (page) => `${page.items.length} images`,
    check: (page) => hasImage(false)(page.items),
  });
  await step({
    actor: "bob",
    action: "accepts the share",
    expected: "ok",
    run: () => sharing.acceptImage(bob, { imageId }),
    describe: (m) => `member is ${m.status}`,
    check: memberStatus("accepted"),
  });
  await step({
    actor: "carol",
    action: "(an observer in the same account) lists her images",
    expected: "ok",
    run: () => sharing.listImages(carol, { region: REGION }),
    describe: (page) => page.items.map((i) => `"${i.name}" (${i.source})`).join(", "),
    check: (page) => hasImage(true)(page.items.filter((i) => i.source === "shared")),
  });
  await step({
    actor: "bob",
    action: `boots a server from it in ${REGION}, the image's region`,
    expected: "ok",
    run: () => sharing.authorizeBoot(bob, { imageId, region: REGION }),
    describe: (image) => `allowed: "${image.name}" from ${image.ownerAccountId}`,
  });
  await step({
    actor: "bob",
    action: `tries to boot from it in ${OTHER_REGION}`,
    expected: "RegionMismatch",
    run: () => sharing.authorizeBoot(bob, { imageId, region: OTHER_REGION }),
    describe: () => "allowed",
  });
  await step({
    actor: "alice",
    action: `revokes the share (removes account ${consumer} from the image)`,
    expected: "ok",
    run: () => sharing.unshareImage(alice, { imageId, consumerAccountId: consumer }),
    describe: () => "removed",
  });
  await step({
    actor: "bob",
    action: "opens the image again",
    expected: "ImageNotFound",
    run: () => sharing.getImage(bob, { imageId }),
    describe: (image) => `still sees "${image.name}"`,
  });
  await step({
    actor: "alice",
    action: "shares it a second time",
    expected: "ok",
    run: () => sharing.shareImage(alice, { imageId, consumerAccountId: consumer }),
    describe: (m) => `member is ${m.status}`,
    check: memberStatus("pending"),
  });
  await step({
    actor: "bob",
    action: "rejects the second share",
    expected: "ok",
    run: () => sharing.rejectImage(bob, { imageId }),
    describe: (m) => `member is ${m.status}`,
    check: memberStatus("rejected"),
  });
  await step({
    actor: "bob",
    action: "changes his mind and tries to accept it",
    expected: "ReshareRequired",
    run: () => sharing.acceptImage(bob, { imageId }),
    describe: (m) => `member is ${m.status}`,
  });
  await step({
    actor: "alice",
    action: "tries to share again while the rejected member still exists",
    expected: "AlreadyShared",
    run: () => sharing.shareImage(alice, { imageId, consumerAccountId: consumer }),
    describe: (m) => `member is ${m.status}`,
  });
  await step({
    actor: "alice",
    action: `removes account ${consumer} from the image`,
    expected: "ok",
    run: () => sharing.unshareImage(alice, { imageId, consumerAccountId: consumer }),
    describe: () => "removed",
  });
  await step({
    actor: "alice",
    action: "re-shares the image",
    expected: "ok",
    run: () => sharing.shareImage(alice, { imageId, consumerAccountId: consumer }),
    describe: (m) => `member is ${m.status} again`,
    check: memberStatus("pending"),
  });
  await step({
    actor: "bob",
    action: "accepts the fresh share",
    expected: "ok",
    run: () => sharing.acceptImage(bob, { imageId }),
    describe: (m) => `member is ${m.status}`,
    check: memberStatus("accepted"),
  });
  await step({
    actor: "bob",
    action: "reads his account's event log (the audit trail)",
    expected: "ok",
    run: () => sharing.listEvents(bob),
    describe: (page) => page.items.map((e) => e.type).join(", "),
    check: (page) => (page.items.some((e) => e.type === "ShareRevoked") ? null : "no ShareRevoked event"),
  });

  return { steps: outcomes, passed: outcomes.every((o) => o.passed) };
}

/** One readable line per step: number, who, what, and the outcome against the expectation. */
export function formatOutcome(o: StepOutcome): string {
  const mark = o.passed ? "ok  " : "FAIL";
  const verdict = o.passed ? o.actual : `${o.actual}, expected ${o.expected}`;
  return `${mark} ${String(o.number).padStart(2)}. ${o.actor} ${o.action}\n        -> ${verdict}: ${o.detail}`;
}
