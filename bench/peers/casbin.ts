import { newEnforcer, newModelFromString } from "casbin";
import { at, imageId, REGIONS, type World } from "../world.js";
import { acceptedByAccount, type Peer, regionMatches } from "./peer.js";

/**
 * casbin's RBAC-with-domains model, the account being the domain. Grants are policies
 * `p, cloudImages:observer, <account>, <image>, <region>`; each account's user holds the role in
 * its own domain (`g, user-<n>, cloudImages:observer, <account>`). The matcher tests the cheap
 * equalities first so casbin short-circuits before the role look-up.
 */
export const CASBIN_MODEL = `
[request_definition]
r = sub, dom, obj, region

[policy_definition]
p = sub, dom, obj, region

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.obj == p.obj && r.dom == p.dom && r.region == p.region && g(r.sub, p.sub, r.dom)
`;

const ROLE = "cloudImages:observer";

/**
 * casbin 5 with the same grants, loaded through `addPolicies` into the default in-memory model.
 * Its enforcer evaluates the matcher against every policy line (no index), so a check costs
 * O(policies); `getImplicitPermissionsForUser` answers the list question.
 */
export async function createCasbinPeer(world: World): Promise<Peer & { policies: number }> {
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
  const createdAt = new Map<string, number>();
  const policies: string[][] = [];
  for (let i = 0; i < world.images; i += 1) {
    createdAt.set(imageId(i), i);
    policies.push([ROLE, `acc-${at(world.imageOwner, i)}`, imageId(i), REGIONS[at(world.imageRegion, i)] ?? "DFW"]);
  }
  for (const [account, images] of acceptedByAccount(world)) {
    for (const id of images)
      policies.push([ROLE, account, id, REGIONS[at(world.imageRegion, createdAt.get(id) ?? 0)] ?? "DFW"]);
  }
  await enforcer.addPolicies(policies);
  const users: string[][] = [];
  for (let a = 0; a < world.accounts; a += 1) users.push([`user-${a}`, ROLE, `acc-${a}`]);
  await enforcer.addGroupingPolicies(users);
  const userOf = (accountId: string): string => `user-${accountId.slice("acc-".length)}`;
  return {
    name: "casbin 5 (RBAC with domains)",
    policies: policies.length,
    mayBoot: (accountId, id, region) => enforcer.enforceSync(userOf(accountId), accountId, id, region),
    // casbin's management API is async, so this answer is a promise (awaited when timed).
    visibleImageIds: async (accountId, selector, limit) => {
      const permissions = await enforcer.getImplicitPermissionsForUser(userOf(accountId), accountId);
      return permissions
        .filter((p) => regionMatches(selector, p[3] ?? ""))
        .map((p) => p[2] ?? "")
        .sort((a, b) => (createdAt.get(b) ?? 0) - (createdAt.get(a) ?? 0))
        .slice(0, limit);
    },
  };
}
