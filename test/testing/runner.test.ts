import { createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";
import {
  CONFORMANCE_ACCOUNTS,
  runStoreConformance,
  STORE_GUARANTEES,
  STORE_LARGE_GUARANTEES,
  type StoreSetup,
} from "cloud-image-sharing/testing";
import { ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import { failed, recordConformance } from "./recording-runner.js";

const freshStore = ({ accounts }: StoreSetup) => createInMemoryStore({ accounts: [...accounts] });

describe("runStoreConformance, the runner", () => {
  it("gives every case a fresh store with the setup accounts as { id } entries, and tears every store down", async () => {
    const made: ImageSharingStore[] = [];
    const setups: StoreSetup[] = [];
    const tornDown: ImageSharingStore[] = [];
    const outcomes = await recordConformance(
      (setup) => {
        setups.push(setup);
        const store = freshStore(setup);
        made.push(store);
        return store;
      },
      { teardown: (store) => void tornDown.push(store) },
    );
    expect(failed(outcomes)).toEqual([]);
    expect(CONFORMANCE_ACCOUNTS.every((account) => Object.keys(account).join() === "id")).toBe(true);
    // One store per guarantee with the suite's directory, plus the second store of the isolation
    // case, plus the large directory of each large case.
    const standard = setups.filter((setup) => JSON.stringify(setup.accounts) === JSON.stringify(CONFORMANCE_ACCOUNTS));
    expect(standard).toHaveLength(STORE_GUARANTEES.length + 1);
    expect(setups.filter((setup) => setup.accounts.length > 3000)).toHaveLength(STORE_LARGE_GUARANTEES.length);
    expect(made).toHaveLength(setups.length);
    expect(new Set(made).size).toBe(made.length);
    expect(tornDown).toEqual(made);
  });

  it("registers one describe per group and one it per guarantee, under a top-level group naming the store", () => {
    const registered: string[] = [];
    const path: string[] = [];
    runStoreConformance({
      name: "my store",
      makeStore: freshStore,
      describe: (name, body) => {
        path.push(name);
        body();
        path.pop();
      },
      it: (name) => void registered.push([...path, name].join(" > ")),
    });
    expect(registered).toEqual(STORE_GUARANTEES.map((name) => `my store: ImageSharingStore conformance > ${name}`));
  });

  it("largeCases: false leaves the large cases out, and nothing else", async () => {
    const outcomes = await recordConformance(freshStore, { largeCases: false });
    expect([...outcomes.keys()]).toEqual(STORE_GUARANTEES.filter((name) => !STORE_LARGE_GUARANTEES.includes(name)));
    expect(STORE_LARGE_GUARANTEES.length).toBeGreaterThan(0);
  });

  it("fails a case whose teardown fails, naming the teardown's error", async () => {
    const outcomes = await recordConformance(freshStore, {
      only: 1,
      teardown: () => {
        throw new Error("could not drop the schema");
      },
    });
    expect([...outcomes.values()]).toEqual([{ passed: false, message: "could not drop the schema" }]);
  });

  it("reports the case's own failure rather than a teardown failing after it", async () => {
    const losesEverything = (setup: StoreSetup): ImageSharingStore => ({
      ...freshStore(setup),
      commit: () => ok({ version: 1 }),
    });
    const outcomes = await recordConformance(losesEverything, {
      only: 1,
      teardown: () => {
        throw new Error("teardown");
      },
    });
    expect([...outcomes.values()][0]?.message).toBe("a committed image must be found");
  });

  it("fails a case that hangs after timeoutMs, naming the case", async () => {
    const hangs = (setup: StoreSetup): ImageSharingStore => ({
      ...freshStore(setup),
      readImageFacts: () => new Promise(() => {}),
    });
    const outcomes = await recordConformance(hangs, { only: 1, timeoutMs: 30 });
    const [name, outcome] = [...outcomes][0] ?? [];
    expect(outcome?.passed).toBe(false);
    expect(outcome?.message).toBe(`conformance case timed out after 30 ms: ${name?.split(" > ")[1]}`);
  });

  it("fails a case whose makeStore hangs after timeoutMs instead of hanging the run", async () => {
    const outcomes = await recordConformance(() => new Promise<ImageSharingStore>(() => {}), {
      only: 1,
      timeoutMs: 30,
    });
    expect([...outcomes.values()][0]?.message).toMatch(/^conformance case timed out after 30 ms: /);
  });

  it("gives the large cases their own time limit (largeCaseTimeoutMs)", async () => {
    const registered: { name: string; body: () => Promise<void> }[] = [];
    const slowReads = (setup: StoreSetup): ImageSharingStore => {
      const inner = freshStore(setup);
      return {
        ...inner,
        readImageFacts: (query) => new Promise((resolve) => setTimeout(() => resolve(inner.readImageFacts(query)), 5)),
      };
    };
    runStoreConformance({
      name: "slow",
      makeStore: slowReads,
      largeCaseTimeoutMs: 40,
      describe: (_name, body) => body(),
      it: (name, body) => void registered.push({ name, body }),
    });
    const large = registered.find((r) => STORE_LARGE_GUARANTEES.some((name) => name.endsWith(r.name)));
    await expect(large?.body()).rejects.toThrow(/conformance case timed out after 40 ms/);
  });
});
