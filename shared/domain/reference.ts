import { randomBytes } from 'node:crypto';

/**
 * Crockford base32: digits and uppercase letters without I, L, O and U, so a reference read
 * over the phone cannot be mistaken (0/O, 1/I/L) and cannot spell most words.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 8 characters = 40 random bits: about a trillion references, collisions are checked on write. */
export function newReference(bytes: Buffer = randomBytes(5)): string {
  let bits = 0n;
  for (const b of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/** Whether `value` is a reference exactly as issued (8 Crockford base32 characters, uppercase). */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

/** Accept what a person types: any case, spaces or hyphens, and the look-alike letters. */
export function normaliseReference(input: string): string | undefined {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return isReference(cleaned) ? cleaned : undefined;
}
