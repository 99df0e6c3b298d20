import fc from "fast-check";

// Ids are 1–255 printable ASCII characters without spaces (`!` through `~`), see IdSchema.
const PRINTABLE_ASCII = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));

/**
 * Valid ids (account, user, image, event): 1 to `maxLength` (default 24, at most 255)
 * printable ASCII characters without spaces.
 *
 * @example
 * fc.assert(fc.property(idArb(), (id) => IdSchema.safeParse(id).success));
 */
export function idArb(options: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const maxLength = Math.min(options.maxLength ?? 24, 255);
  return fc.string({ unit: PRINTABLE_ASCII, minLength: 1, maxLength });
}

/**
 * Valid account ids: mostly the numeric style of the seeds (`"100001"`), sometimes any valid id.
 *
 * @example
 * const [owner, consumer] = fc.sample(accountIdArb(), 2);
 */
export function accountIdArb(): fc.Arbitrary<string> {
  return fc.oneof(fc.integer({ min: 100000, max: 999999 }).map(String), idArb());
}

/** Cyrillic and Greek letters that look like Latin ones: an id with one is a different id. */
const LOOK_ALIKES = ["\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u0445", "\u03bf", "\u0391"] as const;
/** Characters an id must never contain: whitespace and control characters. */
const SPACES = [" ", "\t", "\n", "\r", "\u00a0", "\u2003"] as const;
const CONTROLS = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085"] as const;
const EMOJI = ["\u{1F600}", "\u{1F680}", "\u{1F44D}\u{1F3FD}", "\u{1F1FA}\u{1F1F8}"] as const;

/** Inserts `bad` at some position of a valid id. */
function spoil(bad: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(idArb(), bad, fc.nat()).map(([id, inserted, at]) => {
    const position = at % (id.length + 1);
    return id.slice(0, position) + inserted + id.slice(position);
  });
}

/**
 * Strings that are NOT valid ids: empty, with spaces, control characters, emoji, look-alike
 * letters of other alphabets, or 256+ characters long. Each fails `IdSchema`.
 *
 * @example
 * fc.assert(fc.property(invalidIdArb(), (id) => !IdSchema.safeParse(id).success));
 */
export function invalidIdArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(""),
    spoil(fc.constantFrom(...SPACES)),
    spoil(fc.constantFrom(...CONTROLS)),
    spoil(fc.constantFrom(...EMOJI)),
    spoil(fc.constantFrom(...LOOK_ALIKES)),
    fc.string({ unit: PRINTABLE_ASCII, minLength: 256, maxLength: 300 }),
  );
}
