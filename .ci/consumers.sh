#!/usr/bin/env bash
# The package as users install it. Builds and packs the tarball, then, in fresh projects outside
# this checkout, installs it with its peers from the registry and compiles (tsc, strict,
# skipLibCheck false) and runs programs copied from README.md:
#   esm        TypeScript `module: nodenext`, "type": "module", zod 4, neverthrow 8
#   cjs        TypeScript `module: nodenext` in a CommonJS package (the compiled code `require`s)
#   bundler    TypeScript `moduleResolution: bundler`
#   zod3       as esm, with the newest zod 3.25 (whose `zod/v4` the library imports)
#   pg         only `pg` + `@types/pg` next to the peers: `cloud-image-sharing/postgres` compiles
#   pglite     only `@electric-sql/pglite`: the README's PGlite program compiles and runs
#   kit        fast-check + the testing kit: the conformance suite runs under node:test
# and checks the tarball itself: its files, and that every source a source map names is in it.
# Every project is reported, with its log when it failed; the script exits non-zero if any failed.
# Arguments, if any, name the projects to run (default: all).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/cloud-image-sharing-consumers.XXXXXX")
trap 'rm -rf "$work"' EXIT

npm run build --silent >"$work/build.log" 2>&1 || { cat "$work/build.log"; echo "consumers: the build failed"; exit 1; }
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
[ -f "$tarball" ] || { echo "consumers: npm pack produced no tarball"; exit 1; }

typescript=$(node -p 'require("./package.json").devDependencies.typescript')
zod3=$(npm view zod versions --json | node -e '
  let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
    const patches = JSON.parse(text).filter((v) => /^3\.25\.\d+$/.test(v)).map((v) => Number(v.split(".")[2]));
    console.log(`3.25.${Math.max(...patches)}`);
  });')

# The README's code blocks: the first ```ts block after the line that starts with the heading given, as printed.
readme_block() {
  node -e '
    const readme = require("fs").readFileSync(process.argv[1], "utf8");
    const at = readme.search(new RegExp(`^${process.argv[2].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"));
    const block = at === -1 ? undefined : /```ts\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
    if (block === undefined) { console.error(`README.md has no ts block under ${process.argv[2]}`); process.exit(1); }
    process.stdout.write(block);' "$repo/README.md" "$1"
}

# The quick start as a CommonJS module: its imports, then the rest inside an async main (no top-level await in CJS).
as_commonjs() {
  node -e '
    const lines = require("fs").readFileSync(0, "utf8").split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    const body = lines.filter((l) => !l.startsWith("import ")).map((l) => (l === "" ? l : `  ${l}`));
    process.stdout.write([...imports, "", "async function main(): Promise<void> {", ...body, "}", "",
      "main().catch((error: unknown) => {", "  console.error(error);", "  process.exitCode = 1;", "});", ""].join("\n"));'
}

# project NAME TYPE MODULE RESOLUTION PACKAGES...: a fresh project with the tarball, the packages, TypeScript and
# @types/node. LIB (default "ES2022") and TYPES (default "node") are the project's `lib` and `types`.
project() {
  local dir="$work/$1" type=$2 module=$3 resolution=$4 lib=${LIB:-'"ES2022"'} types=${TYPES:-'"node"'}
  shift 4
  mkdir -p "$dir/src"
  printf '{ "name": "consumer", "private": true, "type": "%s" }\n' "$type" >"$dir/package.json"
  cat >"$dir/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "lib": [$lib], "module": "$module", "moduleResolution": "$resolution",
    "strict": true, "skipLibCheck": false, "types": [$types], "outDir": "out", "rootDir": "src"
  },
  "include": ["src"]
}
JSON
  (cd "$dir" && npm install --silent --no-audit --no-fund "$tarball" "$@" "typescript@$typescript" "@types/node@20")
}

compile() { (cd "$work/$1" && npx --no-install tsc -p .); }

# expect NAME FILE OUTPUT: runs out/FILE with node and compares its output.
expect_output() {
  local actual
  actual=$(cd "$work/$1" && node "out/$2" 2>&1) || { echo "$actual"; return 1; }
  [ "$actual" = "$3" ] || { echo "out/$2 printed:"; echo "$actual"; echo "expected:"; echo "$3"; return 1; }
}

QUICK_START_OUTPUT="use IAD, not DFW"

# A file of the user's own zod schemas built on the library's: one zod, one type world.
schemas_program() {
  cat <<'TS'
import { type CreateImageInput, CreateImageInputSchema } from "cloud-image-sharing";
import { z } from "zod/v4";

const TaggedImageSchema = CreateImageInputSchema.extend({ tags: z.array(z.string()).max(5) });
type TaggedImage = z.infer<typeof TaggedImageSchema>;
const input: CreateImageInput = { name: "golden-web", region: "IAD" };
const tagged: TaggedImage = TaggedImageSchema.parse({ ...input, tags: ["web"] });
console.log(tagged.tags.join(","), TaggedImageSchema.safeParse({ ...input, tags: [1] }).success);
TS
}

run_esm() {
  project esm module nodenext nodenext zod@4 neverthrow@8 &&
    readme_block "## Quick start" >"$work/esm/src/main.ts" && schemas_program >"$work/esm/src/schemas.ts" &&
    compile esm && expect_output esm main.js "$QUICK_START_OUTPUT" && expect_output esm schemas.js "web false"
}

run_cjs() {
  project cjs commonjs nodenext nodenext zod@4 neverthrow@8 &&
    readme_block "## Quick start" | as_commonjs >"$work/cjs/src/main.ts" &&
    compile cjs && grep -q 'require("cloud-image-sharing")' "$work/cjs/out/main.js" && expect_output cjs main.js "$QUICK_START_OUTPUT"
}

run_bundler() {
  project bundler module esnext bundler zod@4 neverthrow@8 &&
    readme_block "## Quick start" >"$work/bundler/src/main.ts" &&
    compile bundler && expect_output bundler main.js "$QUICK_START_OUTPUT"
}

run_zod3() {
  project zod3 module nodenext nodenext "zod@$zod3" neverthrow@8 &&
    readme_block "## Quick start" >"$work/zod3/src/main.ts" && schemas_program >"$work/zod3/src/schemas.ts" &&
    compile zod3 && expect_output zod3 main.js "$QUICK_START_OUTPUT" && expect_output zod3 schemas.js "web false" &&
    [ "$(cd "$work/zod3" && node -p 'require("zod/package.json").version')" = "$zod3" ]
}

run_pg() {
  # Compiles only: running it needs a server (.ci/postgres.sh runs the store against one).
  project pg module nodenext nodenext zod@4 neverthrow@8 pg@8 @types/pg@8 &&
    readme_block "**With a \`pg\` Pool**" >"$work/pg/src/main.ts" &&
    compile pg && (cd "$work/pg" && node --input-type=module -e 'await import("cloud-image-sharing/postgres")') &&
    ! (cd "$work/pg" && node -e 'require.resolve("@electric-sql/pglite")' 2>/dev/null)
}

run_pglite() {
  # PGlite's own declarations need the DOM lib and @types/emscripten under skipLibCheck: false.
  LIB='"ES2022", "DOM"' TYPES='"node", "emscripten"' project pglite module nodenext nodenext zod@4 neverthrow@8 @electric-sql/pglite @types/emscripten &&
    readme_block "**With PGlite**" >"$work/pglite/src/main.ts" &&
    compile pglite && expect_output pglite main.js "listed: golden-web" &&
    ! (cd "$work/pglite" && node -e 'require.resolve("pg")' 2>/dev/null)
}

run_kit() {
  project kit module nodenext nodenext zod@4 neverthrow@8 fast-check@4 &&
    cat >"$work/kit/src/conformance.test.ts" <<'TS' &&
import { describe, it } from "node:test";
import { createInMemoryStore } from "cloud-image-sharing";
import { runStoreConformance } from "cloud-image-sharing/testing";

runStoreConformance({
  name: "in-memory store, from a user's node:test suite",
  makeStore: ({ accounts }) => createInMemoryStore({ accounts }),
  describe,
  it,
});
TS
    compile kit && (cd "$work/kit" && node --test --test-reporter=dot out/conformance.test.js >/dev/null)
}

# The tarball: only what users need, and source maps whose sources are in it.
run_tarball() {
  mkdir -p "$work/unpacked" && tar -xzf "$tarball" -C "$work/unpacked" && node - "$work/unpacked/package" <<'JS'
const { readdirSync, readFileSync, existsSync } = require("node:fs");
const { join, dirname, resolve, relative } = require("node:path");
const root = process.argv[2];
const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
const stray = files.filter((f) => !/^(dist\/|src\/|docs\/[^/]+\.md$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/.test(f));
if (stray.length > 0) throw new Error(`unexpected files in the tarball: ${stray.join(", ")}`);
let maps = 0;
for (const map of files.filter((f) => f.endsWith(".map"))) {
  maps += 1;
  for (const source of JSON.parse(readFileSync(join(root, map), "utf8")).sources) {
    if (source.includes(":") && !source.startsWith(".")) continue; // generated code with no file (the fast-check guard)
    if (!existsSync(resolve(root, dirname(map), source))) throw new Error(`${map} names ${source}, which the tarball does not contain`);
  }
}
if (maps === 0) throw new Error("no source maps in the tarball");
JS
}

# The projects install and compile side by side (mostly waiting on the registry and the disk).
PROJECTS=(tarball esm cjs bundler zod3 pg pglite kit)
[ "$#" -gt 0 ] && PROJECTS=("$@") # e.g. `bash .ci/consumers.sh zod3 pg` runs only those
for name in "${PROJECTS[@]}"; do
  (
    started=$SECONDS
    "run_$name" >"$work/$name.log" 2>&1
    echo "$? $((SECONDS - started))" >"$work/$name.status"
  ) &
done
wait

passed=0
failed=0
failures=()
for name in "${PROJECTS[@]}"; do
  read -r status seconds <"$work/$name.status"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "consumers: $name ok (${seconds} s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "consumers: $name FAILED (${seconds} s)"
    sed 's/^/  | /' "$work/$name.log"
  fi
done
echo "consumers (zod 4 and zod $zod3, TypeScript $typescript): $passed passed, $failed failed${failures[*]:+ (${failures[*]})}"
[ "$failed" -eq 0 ]
