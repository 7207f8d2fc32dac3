/** Random secrets and identifiers of the mock backend, all from `crypto.getRandomValues`. */

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A secret token: 32 random bytes (256 bits), base64url without padding (43 characters). */
export function newSecretToken(): string {
  return toBase64Url(randomBytes(32));
}

/** A public identifier such as `ses_` + 16 random bytes in hex. */
export function newId(prefix: string): string {
  return prefix + toHex(randomBytes(16));
}

/** Compares two secrets in time independent of where they differ. */
export function sameSecret(expected: string, actual: string): boolean {
  let difference = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i++) {
    difference |= expected.charCodeAt(i) ^ (actual.charCodeAt(i % Math.max(actual.length, 1)) || 0);
  }
  return difference === 0;
}

/** SHA-256 of a secret, in hex: what the backend keeps instead of the secret itself. */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return toHex(new Uint8Array(digest));
}

/** A new secret token and its hash. */
export interface FreshSecret {
  token: string;
  hash: string;
}

/** Makes a secret token and hashes it, ahead of the state change that hands it out. */
export async function newFreshSecret(): Promise<FreshSecret> {
  const token = newSecretToken();
  return { token, hash: await hashSecret(token) };
}
