// The story of one shared image, told through the public API: a producer account shares a
// server image with a consumer account, which accepts it, boots from it, loses it, rejects a
// second share and gets it back only when the producer re-shares. Two chapters follow: a second
// consumer that trusts the producer gets its share accepted at once (R17), and a share with an
// end date disappears from the consumer when the service clock passes it (R18). Every step
// states what it expects; the run reports each outcome and whether it matched.

import type { ErrorType, ImageSharing, ImageView, Principal, SharingError } from "cloud-image-sharing";
// Imported by package name, exactly as in your application; inside this repository the
// tsconfig `paths` map it to the sources, so the example runs without a build.
import type { ResultAsync } from "neverthrow";
import { EXAMPLE_ACCOUNTS } from "./stores.js";

/**
 * The service clock of the example, injected into `createImageSharing({ clock })` so the story
 * can let time pass (R18) without waiting: it starts at a fixed instant and moves only when told.
 */
export type ExampleClock = {
  /** What the service reads (pass it as the `clock` option). */
  readonly now: () => Date;
  /** Moves the clock forward. */
  readonly advance: (ms: number) => void;
};

/** An {@link ExampleClock} starting at `start`. */
export function exampleClock(start = "2026-03-01T09:00:00.000Z"): ExampleClock {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms;
    },
  };
}

const HOUR = 3_600_000;

/** The people in the story: alice of the producer account, bob and carol of the consumer account, dora of the trusting one. */
export const CAST = {
  alice: { userId: "alice", accountId: EXAMPLE_ACCOUNTS.producer, roles: ["cloudImages:admin"] },
  bob: { userId: "bob", accountId: EXAMPLE_ACCOUNTS.consumer, roles: ["cloudImages:admin"] },
  carol: { userId: "carol", accountId: EXAMPLE_ACCOUNTS.consumer, roles: ["cloudImages:observer"] },
  dora: { userId: "dora", accountId: EXAMPLE_ACCOUNTS.trusting, roles: ["cloudImages:admin"] },
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
 * `EXAMPLE_ACCOUNTS`, whose catalog must hold `IAD` and `DFW`, and whose `clock` is
 * `clock.now`. Stops at nothing: every step runs and is reported, so one regression shows every
 * consequence.
 */
export async function runScenario(sharing: ImageSharing, log: Log, clock: ExampleClock): Promise<ScenarioReport> {
  const { alice, bob, carol, dora } = CAST;
  const consumer = EXAMPLE_ACCOUNTS.consumer;
  const trusting = EXAMPLE_ACCOUNTS.trusting;
  const outcomes: StepOutcome[] = [];

  /** Runs one step, records and logs its outcome; hands back the value on success. */
  async function step<T>(s: Step<T>): Promise<T | null> {
    const result = await s.run();
    const number = outcomes.length + 1;
    const problem = result.isOk() && s.check !== undefined ? s.check(result.value) : null;
    const actual = result.isErr() ? result.error.type : problem === null ? "ok" : "ok (wrong result)";
    const detail = result.isErr() ? result.error.message : (problem ?? s.describe(result.value));
    const outcome: StepOutcome = {
      number,
      actor: s.actor,
      action: s.action,
      expected: s.expected,
      actual,
      detail,
      passed: actual === s.expected,
    };
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
    describe: (page) =>
      `${page.items.length} pending: ${page.items.map((s) => `"${s.image.name}" from ${s.image.ownerAccountId}`).join(", ")}`,
    check: (page) => hasImage(true)(page.items.map((s) => s.image)),
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

  // Chapter 2 (R17): account 100003 trusts the producer, so its shares land accepted at once.
  await step({
    actor: "dora",
    action: `(admin of account ${trusting}) trusts account ${alice.accountId}: its shares are accepted automatically`,
    expected: "ok",
    run: () => sharing.setSharingPolicy(dora, { autoAcceptFrom: [alice.accountId] }),
    describe: (policy) =>
      `autoAcceptFrom: ${policy.autoAcceptFrom.join(", ")}; blockFrom: ${policy.blockFrom.join(", ") || "nobody"}`,
    check: (policy) => (policy.autoAcceptFrom.includes(alice.accountId) ? null : "the producer is not trusted"),
  });
  await step({
    actor: "alice",
    action: `shares the image with account ${trusting}`,
    expected: "ok",
    run: () => sharing.shareImage(alice, { imageId, consumerAccountId: trusting }),
    describe: (m) => `member ${m.consumerAccountId} is ${m.status} (by the consumer's policy)`,
    check: memberStatus("accepted"),
  });
  await step({
    actor: "dora",
    action: "lists her images: the trusted share is there without anyone accepting it",
    expected: "ok",
    run: () => sharing.listImages(dora),
    describe: (page) => page.items.map((i) => `"${i.name}" (${i.source})`).join(", "),
    check: (page) => hasImage(true)(page.items.filter((i) => i.source === "shared")),
  });
  await step({
    actor: "dora",
    action: "reads her account's event log",
    expected: "ok",
    run: () => sharing.listEvents(dora),
    describe: (page) =>
      page.items
        .map((e) => (e.type === "ShareAccepted" && e.byPolicy === true ? "ShareAccepted (by policy)" : e.type))
        .join(", "),
    check: (page) =>
      page.items.some((e) => e.type === "ShareAccepted" && e.byPolicy === true && e.actorUserId === undefined)
        ? null
        : "no ShareAccepted by policy without an acting user",
  });

  // Chapter 3 (R18): a share for a limited time disappears from the consumer when the clock passes its end.
  const preview = await step({
    actor: "alice",
    action: `creates the image "preview-build" in ${REGION}`,
    expected: "ok",
    run: () => sharing.createImage(alice, { name: "preview-build", region: REGION }),
    describe: (image: ImageView) => `image ${image.id}`,
  });
  const previewId = preview?.id ?? "no-such-image";
  const expiresAt = new Date(clock.now().getTime() + HOUR).toISOString();
  const hasPreview = (want: boolean) => (list: readonly { id: string }[]) =>
    list.some((i) => i.id === previewId) === want
      ? null
      : `the preview is ${want ? "missing from" : "still in"} the list`;
  await step({
    actor: "alice",
    action: `shares it with account ${consumer} for one hour (until ${expiresAt})`,
    expected: "ok",
    run: () => sharing.shareImage(alice, { imageId: previewId, consumerAccountId: consumer, expiresAt }),
    describe: (m) => `member is ${m.status}, expires at ${m.expiresAt}`,
    check: (m) =>
      memberStatus("pending")(m) ??
      (m.expiresAt === expiresAt && m.expired === false ? null : "expiresAt is not on the member"),
  });
  await step({
    actor: "bob",
    action: "accepts the preview",
    expected: "ok",
    run: () => sharing.acceptImage(bob, { imageId: previewId }),
    describe: (m) => `member is ${m.status}`,
    check: memberStatus("accepted"),
  });
  await step({
    actor: "bob",
    action: "lists his images within the hour",
    expected: "ok",
    run: () => sharing.listImages(bob),
    describe: (page) => page.items.map((i) => `"${i.name}" (${i.source})`).join(", "),
    check: (page) => hasPreview(true)(page.items),
  });
  await step({
    actor: "bob",
    action: "lists his images two hours later, once the service clock has passed expiresAt",
    expected: "ok",
    run: () => {
      clock.advance(2 * HOUR);
      return sharing.listImages(bob);
    },
    describe: (page) => page.items.map((i) => `"${i.name}" (${i.source})`).join(", "),
    check: (page) => hasPreview(false)(page.items) ?? hasImage(true)(page.items),
  });
  await step({
    actor: "bob",
    action: `tries to boot from the preview in ${REGION}`,
    expected: "ImageNotFound",
    run: () => sharing.authorizeBoot(bob, { imageId: previewId, region: REGION }),
    describe: () => "allowed",
  });
  await step({
    actor: "alice",
    action: "lists the preview's members",
    expected: "ok",
    run: () => sharing.listMembers(alice, { imageId: previewId }),
    describe: (members) =>
      members.map((m) => `${m.consumerAccountId}: ${m.status}${m.expired === true ? ", expired" : ""}`).join("; "),
    check: (members) =>
      members.some((m) => m.consumerAccountId === consumer && m.expired === true)
        ? null
        : "the expired member is not flagged",
  });

  return { steps: outcomes, passed: outcomes.every((o) => o.passed) };
}

/** One readable line per step: number, who, what, and the outcome against the expectation. */
export function formatOutcome(o: StepOutcome): string {
  const mark = o.passed ? "ok  " : "FAIL";
  const verdict = o.passed ? o.actual : `${o.actual}, expected ${o.expected}`;
  return `${mark} ${String(o.number).padStart(2)}. ${o.actor} ${o.action}\n        -> ${verdict}: ${o.detail}`;
}
