// The public API's types, checked by the TypeScript compiler from inside the test run (as
// neverthrow does with tsc in CI): `public-api.assertions.ts` must compile without a single
// error. The same program also serves a type-aware lint that Biome cannot do: Biome's
// `noFloatingPromises` does not see that a neverthrow `ResultAsync` is a thenable, so an
// un-awaited operation would slip through; here any statement whose value is a thenable and
// which is neither awaited, returned, voided nor given both `then` handlers fails the test.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const assertionsFile = fileURLToPath(new URL("./public-api.assertions.ts", import.meta.url));
/** A deliberately wrong assertion: proves that a failed `expectTypeOf` is a compile error here. */
const wrongAssertionFile = `${repo}test/types/__wrong-assertion__.ts`;
const wrongAssertionSource = `import { createImageSharing } from "cloud-image-sharing";
import { expectTypeOf } from "vitest";
expectTypeOf(createImageSharing().getImage).returns.toEqualTypeOf<Promise<string>>();
`;
/** A deliberately floating ResultAsync: proves the floating-result check sees one. */
const floatingFile = `${repo}test/types/__floating-result__.ts`;
const floatingSource = `import { createImageSharing } from "cloud-image-sharing";
export function forgetful(): void {
  createImageSharing().getStorageUsage({ userId: "u", accountId: "a", roles: [] });
  let kept: unknown;
  kept = createImageSharing().listImages({ userId: "u", accountId: "a", roles: [] });
  void kept;
}
`;
/** The README's quick start, type-checked as a user's file would be. */
const readmeFile = `${repo}test/types/__readme-quick-start__.ts`;
const readmeSource =
  /## Quick start\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readFileSync(`${repo}README.md`, "utf8"))?.[1] ??
  "README has no quick start";
const virtualFiles = new Map([
  [wrongAssertionFile, wrongAssertionSource],
  [floatingFile, floatingSource],
  [readmeFile, readmeSource],
]);

let program: ts.Program;

/** The project's own compiler options, with the package name mapped to the sources (as vitest.config.ts does). */
function compilerOptions(): { options: ts.CompilerOptions; fileNames: string[] } {
  const config = ts.readConfigFile(`${repo}tsconfig.json`, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repo);
  const paths = {
    "cloud-image-sharing": ["./src/index.ts"],
    "cloud-image-sharing/testing": ["./src/testing/index.ts"],
    "cloud-image-sharing/policy": ["./src/policy/index.ts"],
    "cloud-image-sharing/postgres": ["./src/postgres/index.ts"],
  };
  return { options: { ...parsed.options, baseUrl: repo, paths, noEmit: true }, fileNames: parsed.fileNames };
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where =
      d.file && d.start !== undefined
        ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}`
        : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

function diagnosticsOf(fileName: string): string[] {
  const file = program.getSourceFile(fileName);
  if (file === undefined) return [`${fileName} is not in the program`];
  return formatDiagnostics([...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]);
}

/** True when a value of this type has a `then` method, i.e. may be awaited (Promise, ResultAsync, …). */
function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    const then = part.getProperty("then");
    return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
  });
}

/** `x = p` keeps the value (it is observed where `x` is used); it does not drop it. */
function isAssignment(expression: ts.Expression): boolean {
  return ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** `p.then(onOk, onErr)` and `p.catch(onErr)` handle the rejection themselves. */
function handlesRejection(expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return false;
  const method = expression.expression.name.text;
  return (
    (method === "then" && expression.arguments.length >= 2) || (method === "catch" && expression.arguments.length >= 1)
  );
}

/** Every statement in `file` that computes a thenable and drops it on the floor. */
function floatingThenables(file: ts.SourceFile): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const expression = node.expression;
      const handled =
        ts.isAwaitExpression(expression) ||
        ts.isVoidExpression(expression) ||
        handlesRejection(expression) ||
        isAssignment(expression);
      if (!handled && isThenable(checker, checker.getTypeAtLocation(expression))) {
        found.push(
          `${file.fileName.replace(repo, "")}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 80)}`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

beforeAll(() => {
  const { options, fileNames } = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => virtualFiles.get(name) ?? readFile(name);
  host.fileExists = (name) => virtualFiles.has(name) || ts.sys.fileExists(name);
  host.getSourceFile = (name, version, onError, create) => {
    const virtual = virtualFiles.get(name);
    return virtual === undefined
      ? getSourceFile(name, version, onError, create)
      : ts.createSourceFile(name, virtual, version, true);
  };
  program = ts.createProgram({ rootNames: [...fileNames, ...virtualFiles.keys()], options, host });
});

describe("public API types", () => {
  it("R15: methods return ResultAsync<T, SharingError>, inputs accept the documented shapes, errors narrow by type (assertions compile)", () => {
    expect(diagnosticsOf(assertionsFile)).toEqual([]);
  });

  it("the README quick start compiles under the project's strict options", () => {
    expect(diagnosticsOf(readmeFile)).toEqual([]);
  });

  it("a wrong type assertion is a compile error (the check above can fail)", () => {
    expect(diagnosticsOf(wrongAssertionFile).length).toBeGreaterThan(0);
  });
});

describe("no floating ResultAsync (type-aware lint)", () => {
  it("an un-awaited operation is detected; one kept in a variable is not", () => {
    const file = program.getSourceFile(floatingFile);
    expect(file && floatingThenables(file)).toEqual([expect.stringContaining("getStorageUsage")]);
  });

  it("no statement in src, test, examples or bench drops a thenable (ResultAsync, Promise) on the floor", () => {
    const ours = program
      .getSourceFiles()
      .filter(
        (f) =>
          !f.isDeclarationFile &&
          f.fileName.startsWith(repo) &&
          !f.fileName.includes("/node_modules/") &&
          !virtualFiles.has(f.fileName),
      );
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.flatMap(floatingThenables)).toEqual([]);
  });
});
