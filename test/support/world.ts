import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type ImageSharingStore,
  STORE_METHODS,
} from "cloud-image-sharing";
import { type FaultyStore, faultyStore } from "./faulty-store.js";
import { KNOWN_ACCOUNTS, MEMBER_QUOTA, type PagedList, REGIONS } from "./ops.js";
import { createReferenceModel, type ReferenceModel } from "./oracle/model.js";
import type { SortKey } from "./oracle/state.js";

// The service under test and the oracle beside it, sharing one environment: a clock that moves
// only when a step says so (so many steps share an instant and lists must break ties by id) and
// an id generator whose string order is not creation order (so "ties by id descending" is real).

/** Where every world's clock starts: 2026-01-01T00:00:00Z. */
export const START_MS = Date.UTC(2026, 0, 1);

/** A cursor the service issued, the list that issued it, and the position the oracle says it stands for. */
export type RememberedCursor = { list: PagedList; accountId: string; region: string; cursor: string; after: SortKey };

/** The clock and id counter injected into the service. */
export type WorldEnvironment = {
  /** Milliseconds since the epoch; the injected clock returns it. */
  nowMs: number;
  /** How many ids `newId` handed out. */
  idsIssued: number;
  /** The ids handed out since the last {@link beginStep}. */
  issuedThisStep: string[];
  /** Ids to hand out again, first in first out (R16's id reuse). */
  reuse: string[];
};

/** A service, the store under it, the oracle, and what the harness learnt from the service. */
export type World = {
  readonly service: ImageSharing;
  readonly model: ReferenceModel;
  readonly env: WorldEnvironment;
  /** The store the service was built over, before any fault wrapper. */
  readonly store: ImageSharingStore;
  /** The fault wrapper between service and store, when the world was built with faults. */
  readonly faults: FaultyStore | undefined;
  /** How many writes (`commit`, `commitPolicy`) reached the store. */
  readonly writes: () => number;
  /** Every image id the service ever returned from createImage, in order (deleted ones too). */
  readonly imageIds: string[];
  /** The owner account of every image id in `imageIds`. */
  readonly imageOwners: Map<string, string>;
  /** Cursors the service issued. */
  readonly cursors: RememberedCursor[];
  /**
   * Whether `runOp` asserts every answer against the oracle (default true). Off, the oracle
   * still follows every step, so a property judges the service against what the rules say the
   * state is — used to check that a property catches a broken rule on its own.
   */
  checkAnswers: boolean;
};

/** Options of {@link createWorld}. */
export type WorldOptions = {
  /** A fresh store whose directory holds exactly `accounts` (default: the in-memory store). */
  makeStore?: ((accounts: string[]) => Promise<ImageSharingStore>) | undefined;
  /** Put a fault-injecting wrapper between service and store (R15). */
  faults?: boolean | undefined;
  memberQuota?: number | undefined;
  /** See {@link World.checkAnswers}. */
  checkAnswers?: boolean | undefined;
  /**
   * Service instances over the one store (default 1), called in turn: each keeps its own known
   * facts, so every change may be decided on facts another instance has since made stale (R16).
   */
  instances?: number | undefined;
};

/** One service that hands each call (and each `as(principal)` call) to the next instance in turn. */
function inTurn(services: readonly ImageSharing[]): ImageSharing {
  if (services.length === 1 && services[0] !== undefined) return services[0];
  let turn = 0;
  const next = <T>(list: readonly T[]): T => list[turn++ % list.length] as T;
  const delegate = <T extends object>(targets: readonly T[]): T => {
    const first = targets[0] as Record<string, unknown>;
    const methods: Record<string, unknown> = {};
    for (const name of Object.keys(first)) {
      methods[name] =
        name === "as"
          ? (principal: unknown) =>
              delegate(targets.map((target) => (target as unknown as ImageSharing).as(principal as never)))
          : (...args: unknown[]) => (next(targets) as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
    }
    return methods as T;
  };
  return delegate(services);
}

/** Unique ids whose string order is not their issue order. */
const scrambledId = (n: number): string => `i${((n * 7919) % 10007).toString(36).padStart(3, "0")}-${n}`;

/** A world over a fresh store of the known accounts. */
export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const accounts = [...KNOWN_ACCOUNTS];
  const inner =
    options.makeStore === undefined
      ? createInMemoryStore({ accounts: accounts.map((id) => ({ id })) })
      : await options.makeStore(accounts);
  let writes = 0;
  const counted: Record<string, unknown> = {};
  for (const method of STORE_METHODS) {
    const call = (inner[method] as (...args: unknown[]) => unknown).bind(inner);
    counted[method] =
      method === "commit" || method === "commitPolicy"
        ? (...args: unknown[]) => {
            writes += 1;
            return call(...args);
          }
        : call;
  }
  const faults = options.faults === true ? faultyStore(counted as unknown as ImageSharingStore) : undefined;
  const env: WorldEnvironment = { nowMs: START_MS, idsIssued: 0, issuedThisStep: [], reuse: [] };
  const memberQuota = options.memberQuota ?? MEMBER_QUOTA;
  const serviceOptions = {
    store: faults?.store ?? (counted as unknown as ImageSharingStore),
    regions: [...REGIONS],
    memberQuota,
    clock: () => new Date(env.nowMs),
    newId: () => {
      let id = env.reuse.shift();
      if (id === undefined) {
        env.idsIssued += 1;
        id = scrambledId(env.idsIssued);
      }
      env.issuedThisStep.push(id);
      return id;
    },
    // Retries at once: no real timers in the way. With faults, a hung store call ends after 5 ms.
    retryBackoff: { baseMs: 0, maxMs: 0 },
    timeoutMs: options.faults === true ? 5 : 60_000,
    // One key for every instance: a cursor one issued pages on another.
    cursorSecret: "model-test-cursor-key",
  };
  const service = inTurn(Array.from({ length: options.instances ?? 1 }, () => createImageSharing(serviceOptions)));
  const model = createReferenceModel({ accounts, regions: REGIONS, memberQuota });
  const checkAnswers = options.checkAnswers ?? true;
  return {
    service,
    model,
    env,
    store: inner,
    faults,
    writes: () => writes,
    imageIds: [],
    imageOwners: new Map(),
    cursors: [],
    checkAnswers,
  };
}

/** The world's current time as the service sees it. */
export const nowOf = (world: World): string => new Date(world.env.nowMs).toISOString();

/** Marks the start of a step (ids issued from here on belong to it). */
export function beginStep(world: World): void {
  world.env.issuedThisStep = [];
  world.env.reuse = [];
}

/** Every account a principal of the test may come from. */
export { ALL_ACCOUNTS as worldAccounts } from "./ops.js";
