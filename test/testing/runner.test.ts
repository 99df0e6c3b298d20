import { createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";
import { CONFORMANCE_ACCOUNTS, STORE_GUARANTEES } from "cloud-image-sharing/testing";
import { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { failed, recordConformance } from "./recording-runner.js";

const freshStore = ({ accounts }: { accounts: readonly string[] }) => createInMemoryStore({ accounts: accounts.map((id) => ({ id })) });

describe("runStoreConformance, the runner", () => {
  it("gives every case a fresh store with the setup accounts, and tears every store down", async () => {
    const made: ImageSharingStore[] = [];
    const tornDown: ImageSharingStore[] = [];
    const outcomes = await recordConformance(
      (setup) => {
        expect(setup.accounts).toEqual(CONFORMANCE_ACCOUNTS);
        const store = freshStore(setup);
        made.push(store);
        return store;
      },
      { teardown: (store) => void tornDown.push(store) },
    );
    expect(failed(outcomes)).toEqual([]);
    // One store per guarantee, plus the second store of the isolation case.
    expect(made).toHaveLength(STORE_GUARANTEES.length + 1);
    expect(new Set(made).size).toBe(made.length);
    expect(tornDown).toEqual(made);
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
    const losesEverything = (setup: { accounts: readonly string[] }): ImageSharingStore => ({
      ...freshStore(setup),
      commit: () => ResultAsync.fromSafePromise(Promise.resolve(undefined)),
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
    const hangs = (setup: { accounts: readonly string[] }): ImageSharingStore => ({
      ...freshStore(setup),
      getImage: () => ResultAsync.fromSafePromise(new Promise(() => {})),
    });
    const outcomes = await recordConformance(hangs, { only: 1, timeoutMs: 30 });
    const [name, outcome] = [...outcomes][0] ?? [];
    expect(outcome?.passed).toBe(false);
    expect(outcome?.message).toBe(`conformance case timed out after 30 ms: ${name?.split(" > ")[1]}`);
  });
});
