import { describe, expect, it } from 'vitest';
import { estimateTokenEntropy } from '../../src/cli/checkBackend/tokenEntropy.ts';

/** A seeded generator of bytes (mulberry32), so the samples and the estimates never vary between runs. */
function seededBytes(seed: number): (count: number) => Buffer {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % 256;
  };
  return (count) => Buffer.from(Array.from({ length: count }, next));
}

function samples(make: (bytes: (count: number) => Buffer, index: number) => string, count = 8): string[] {
  const bytes = seededBytes(42);
  return Array.from({ length: count }, (_, index) => make(bytes, index));
}

function uuidV4(bytes: Buffer): string {
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('estimateTokenEntropy', () => {
  it('credits 32 random bytes in base64url (43 characters) with 6 bits a character', () => {
    const estimate = estimateTokenEntropy(samples((bytes) => bytes(32).toString('base64url')));

    expect(estimate).toMatchObject({ alphabet: 'base64url', length: 43, varyingPositions: 43, bits: 258 });
  });

  it('credits 16 random bytes in hex with exactly 128 bits', () => {
    const estimate = estimateTokenEntropy(samples((bytes) => bytes(16).toString('hex')));

    expect(estimate).toMatchObject({ alphabet: 'hex', varyingPositions: 32, bits: 128 });
  });

  it('gives a UUID v4 less than 128: the dashes and the version digit never vary', () => {
    const estimate = estimateTokenEntropy(samples((bytes) => uuidV4(bytes(16))));

    expect(estimate.varyingPositions).toBe(31);
    expect(estimate.bits).toBe(124);
  });

  it('does not count a fixed prefix, nor base64 padding', () => {
    const prefixed = estimateTokenEntropy(samples((bytes) => `st_live_${bytes(16).toString('base64url')}`));
    const padded = estimateTokenEntropy(samples((bytes) => bytes(16).toString('base64')));

    expect(prefixed).toMatchObject({ length: 30, varyingPositions: 22 });
    expect(padded.length).toBe(22);
  });

  it('gives a padded counter almost nothing, however long it is', () => {
    const estimate = estimateTokenEntropy(samples((_, index) => String(index + 1).padStart(43, '0')));

    expect(estimate).toMatchObject({ alphabet: 'decimal digits', varyingPositions: 1, bits: 3 });
  });

  it('gives 0 bits to identical tokens and to fewer than four samples', () => {
    expect(estimateTokenEntropy(Array.from({ length: 8 }, () => 'same-token-every-time')).bits).toBe(0);
    expect(estimateTokenEntropy(samples((bytes) => bytes(32).toString('base64url'), 3)).bits).toBe(0);
  });

  it('compares up to the shortest token when lengths differ', () => {
    const estimate = estimateTokenEntropy(samples((bytes, index) => bytes(20 + index).toString('hex')));

    expect(estimate.length).toBe(40);
  });
});
