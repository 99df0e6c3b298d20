// cloud-image-sharing/testing: the kit for your own tests. Needs fast-check (an optional peer);
// the main entry never imports this file. (Exports are kept sorted by module, so no section comments.)
// - arbitraries/*: fast-check arbitraries for every entity and input, valid and invalid;
//   worldArb + materialiseWorld: a whole universe of accounts, images, members and policies, brought to life.
// - conformance/*: the store conformance suite for adapter authors (runStoreConformance).

export {
  accountArb,
  eventArb,
  imageArb,
  imageEventArb,
  imageNameArb,
  imageViewArb,
  memberArb,
  memberStatusArb,
  pendingShareArb,
  policyChangedEventArb,
  sharingPolicyArb,
  sizeBytesArb,
  storageUsageArb,
  timestampArb,
} from "./arbitraries/entities.js";
export { accountIdArb, idArb, invalidIdArb } from "./arbitraries/ids.js";
export {
  cursorArb,
  expiresAtArb,
  type InputArbOptions,
  limitArb,
  type MethodInputArbs,
  type MethodInputs,
  type MethodName,
  validInputArbs,
} from "./arbitraries/inputs.js";
export { invalidIdValueArb, invalidInputArbs } from "./arbitraries/invalid-inputs.js";
export { type MaterialisedWorld, type MaterialiseOptions, materialiseWorld } from "./arbitraries/materialise.js";
export { invalidPrincipalArb, knownRoleArb, principalArb, rolesArb, unknownRoleArb } from "./arbitraries/principals.js";
export { invalidRegionCodeArb, regionCatalogArb, regionCodeArb, regionSelectorArb } from "./arbitraries/regions.js";
export {
  WORLD_EXPIRY_TIMES,
  WORLD_START,
  type World,
  type WorldAccount,
  type WorldArbOptions,
  type WorldImage,
  type WorldMember,
  type WorldPolicy,
  worldAccountId,
  worldArb,
} from "./arbitraries/world.js";
export type { DescribeFn, ItFn, StoreConformanceOptions, StoreSetup } from "./conformance/options.js";
export {
  CONFORMANCE_ACCOUNTS,
  runStoreConformance,
  STORE_GUARANTEES,
  STORE_LARGE_GUARANTEES,
} from "./conformance/run.js";
