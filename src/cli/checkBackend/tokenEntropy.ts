/**
 * A conservative estimate of how many random bits a family of tokens carries, from the tokens
 * alone. Positions that hold the same character in every sample (prefixes, separators, a
 * UUID's version digit) count for nothing; each other position counts for the bits of the
 * smallest common alphabet that holds every character seen there. A token derived from a
 * counter or a hash of guessable input can still look random: this is an upper bound of what
 * the server may have used, never proof of randomness.
 */

/** The estimate and what it was made of. */
export interface EntropyEstimate {
  bits: number;
  /** Characters compared: the length of the shortest sample. */
  length: number;
  /** Positions whose character differs between samples. */
  varyingPositions: number;
  /** Name of the alphabet assumed for the varying positions. */
  alphabet: string;
  bitsPerCharacter: number;
}

interface Alphabet {
  name: string;
  pattern: RegExp;
  size: number;
}

// Smallest first: the first one that holds every varying character is assumed.
const ALPHABETS: readonly Alphabet[] = [
  { name: 'decimal digits', pattern: /^[0-9]*$/, size: 10 },
  { name: 'hex', pattern: /^[0-9a-f]*$/, size: 16 },
  { name: 'hex', pattern: /^[0-9A-F]*$/, size: 16 },
  { name: 'base32', pattern: /^[A-Z2-7]*$/, size: 32 },
  { name: 'base32', pattern: /^[a-z2-7]*$/, size: 32 },
  { name: 'lowercase letters and digits', pattern: /^[0-9a-z]*$/, size: 36 },
  { name: 'uppercase letters and digits', pattern: /^[0-9A-Z]*$/, size: 36 },
  { name: 'letters and digits', pattern: /^[0-9A-Za-z]*$/, size: 62 },
  { name: 'base64url', pattern: /^[0-9A-Za-z_-]*$/, size: 64 },
  { name: 'base64', pattern: /^[0-9A-Za-z+/]*$/, size: 64 },
  { name: 'printable ASCII', pattern: /^[\x20-\x7e]*$/, size: 95 },
];

/** The fewest samples from which an estimate means anything (fewer give 0 bits). */
export const MIN_ENTROPY_SAMPLES = 4;

/** Estimates the random bits per token from several tokens issued independently. */
export function estimateTokenEntropy(tokens: readonly string[]): EntropyEstimate {
  const none: EntropyEstimate = { bits: 0, length: 0, varyingPositions: 0, alphabet: 'none', bitsPerCharacter: 0 };
  if (tokens.length < MIN_ENTROPY_SAMPLES) return none;
  // Padding carries no information.
  const samples = tokens.map((token) => token.replace(/=+$/, ''));
  const length = Math.min(...samples.map((sample) => sample.length));
  let varying = '';
  let varyingPositions = 0;
  for (let i = 0; i < length; i++) {
    const column = samples.map((sample) => sample.charAt(i));
    if (column.some((character) => character !== column[0])) {
      varyingPositions++;
      varying += column.join('');
    }
  }
  if (varyingPositions === 0) return { ...none, length };
  // Outside printable ASCII: count only the distinct characters actually seen, which can only underestimate.
  const alphabet = ALPHABETS.find((candidate) => candidate.pattern.test(varying)) ?? {
    name: 'characters seen',
    pattern: /.*/,
    size: Math.max(2, new Set(varying).size),
  };
  const bitsPerCharacter = Math.log2(alphabet.size);
  return {
    bits: Math.floor(varyingPositions * bitsPerCharacter),
    length,
    varyingPositions,
    alphabet: alphabet.name,
    bitsPerCharacter,
  };
}
