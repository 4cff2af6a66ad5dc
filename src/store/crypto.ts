/**
 * Encryption at rest for bot tokens: AES-256-GCM with a random 96-bit IV per value and the auth tag stored
 * beside it, as `v1.<iv>.<tag>.<ciphertext>` (base64url). The key is 32 bytes from TOKEN_ENCRYPTION_KEY.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors/index.js';

/** Reads a 32-byte key given as 64 hex characters or as base64 (44 characters). */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new AppError('config_invalid', 'must be 32 bytes, as 64 hex characters or base64 (try: openssl rand -base64 32)');
  return key;
}

export function encrypt(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decrypt(sealed: string, key: Buffer): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new AppError('store_unavailable', 'stored installation is not in a known format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new AppError('store_unavailable', 'stored installation could not be decrypted (wrong TOKEN_ENCRYPTION_KEY?)', { cause: err });
  }
}
