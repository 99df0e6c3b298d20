import type { Principal } from "cloud-image-sharing";

// Principals the tests act and observe with.

/** A principal of `accountId` holding `roles`. */
export function user(accountId: string, roles: string[], userId = `user-of-${accountId}`): Principal {
  return { userId, accountId, roles };
}

/** An admin of `accountId`. */
export const adminOf = (accountId: string, userId?: string): Principal =>
  user(accountId, ["cloudImages:admin"], userId);
/** A creator of `accountId`. */
export const creatorOf = (accountId: string, userId?: string): Principal =>
  user(accountId, ["cloudImages:creator"], userId);
/** A reader (observer) of `accountId`. */
export const observerOf = (accountId: string, userId?: string): Principal =>
  user(accountId, ["cloudImages:observer"], userId);
