/**
 * Collects the parameters of a statement built piece by piece: `add(value)` returns the
 * placeholder (`$1`, `$2`, …) to write into the text. Values are always bound, never spliced.
 */
export function parameterList(): { readonly values: unknown[]; add(value: unknown): string } {
  const values: unknown[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
