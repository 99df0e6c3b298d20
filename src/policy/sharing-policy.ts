import { err, ok, type Result } from "neverthrow";
import { type SharingError, SharingErrors, type ValidationIssue } from "../domain/errors.js";
import type { SharingPolicyChangedEvent } from "../domain/events.js";
import type { Principal } from "../domain/principal.js";
import { emptySharingPolicy, type SharingPolicy } from "../domain/sharing-policy.js";
import { requireRole } from "./rbac.js";

// R17: a consumer account trusts or blocks producer accounts. Not retroactive: a policy only
// decides shares made after it; existing members keep their status.

/** True when the consumer's policy trusts the producer: its shares land accepted. */
export function trustsProducer(policy: SharingPolicy | null, producerAccountId: string): boolean {
  return policy?.autoAcceptFrom.includes(producerAccountId) === true;
}

/** True when the consumer's policy blocks the producer: its shares fail as for an unknown account. */
export function isBlocked(policy: SharingPolicy | null, producerAccountId: string): boolean {
  return policy?.blockFrom.includes(producerAccountId) === true;
}

/** What `setSharingPolicy` asks for: each list replaces the stored one; an omitted list is unchanged. */
export type PolicyRequest = {
  readonly autoAcceptFrom?: readonly string[] | undefined;
  readonly blockFrom?: readonly string[] | undefined;
};

/** The outcome of a policy change: the policy to store and return, and its event (none when nothing changes). */
export type PolicyDecision = {
  readonly policy: SharingPolicy;
  readonly event: Omit<SharingPolicyChangedEvent, "id" | "occurredAt"> | null;
};

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The principal's account sets its sharing policy (R17). Needs at least `cloudImages:admin`.
 * The resulting policy must not name the account itself, nor one account in both lists: a
 * `ValidationError` on the offending list. Setting what is already there records nothing.
 */
export function decideSetPolicy(
  principal: Principal,
  current: SharingPolicy | null,
  request: PolicyRequest,
  now: string,
): Result<PolicyDecision, SharingError> {
  const base = current ?? emptySharingPolicy(principal.accountId);
  const autoAcceptFrom = [...(request.autoAcceptFrom ?? base.autoAcceptFrom)];
  const blockFrom = [...(request.blockFrom ?? base.blockFrom)];
  const issues: ValidationIssue[] = [];
  for (const [field, list] of [
    ["autoAcceptFrom", autoAcceptFrom],
    ["blockFrom", blockFrom],
  ] as const) {
    const at = list.indexOf(principal.accountId);
    if (at >= 0) issues.push({ path: [field, at], message: "an account cannot trust or block itself" });
  }
  const trusted = new Set(autoAcceptFrom);
  blockFrom.forEach((id, at) => {
    if (trusted.has(id)) issues.push({ path: ["blockFrom", at], message: `account ${id} is also in autoAcceptFrom` });
  });
  if (issues.length > 0) return err(SharingErrors.validation(issues));
  const role = requireRole(principal, "setSharingPolicy");
  if (role.isErr()) return err(role.error);
  if (sameList(base.autoAcceptFrom, autoAcceptFrom) && sameList(base.blockFrom, blockFrom))
    return ok({ policy: base, event: null });
  return ok({
    policy: { accountId: principal.accountId, autoAcceptFrom, blockFrom, updatedAt: now },
    event: { type: "SharingPolicyChanged", accountId: principal.accountId, actorUserId: principal.userId },
  });
}
