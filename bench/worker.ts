import { runScale } from "./scale.js";

// One store size per process: every size starts from an empty heap, so a heap measurement or a
// GC pause of one size never leaks into another. Started by run.ts with `--expose-gc`.

const size = Number(process.argv[2]);
const casbinMaxSize = Number(process.argv[3] ?? 100_000);
const breakdown = process.argv[4] === "breakdown";
if (!Number.isSafeInteger(size) || size < 1_000) throw new Error(`worker: bad size ${process.argv[2]}`);

const result = await runScale({ size, casbinMaxSize, questions: 1_000, breakdown }, (line) =>
  process.stderr.write(`  ${line}\n`),
);
if (process.send === undefined) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  process.send(result, () => process.exit(0));
}
