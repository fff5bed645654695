// SHA-256, SHA-1 and their HMACs for request signing, synchronous and without an import of any
// platform module, so clients and validators bundle for browsers, Deno, Bun and Workers. Copied
// verbatim into the generated package by tcgen (tested in templates/runtime/hash.test.ts).
//
// Signing stays synchronous (Web Crypto is async only), so: Node's native hashing when the platform
// hands it over synchronously without an import statement (`process.getBuiltinModule`, Node >= 20.16,
// also Bun and Deno), else the small pure implementation below. Both give the same bytes; the
// protocol vectors are checked against each.

export type HashName = "sha1" | "sha256";
export type Bytes = string | Uint8Array;

/** The part of `node:crypto` used here. */
interface NativeDigest {
  digest(): Uint8Array;
  digest(encoding: TextEncoding): string;
}
interface NativeCrypto {
  createHash(name: string): { update(data: Bytes): NativeDigest };
  createHmac(name: string, key: Bytes): { update(data: Bytes): NativeDigest };
  /** One-shot digest (Node >= 20.12): no Hash object per call, about twice as fast on short input. */
  hash?(name: string, data: Bytes, encoding: TextEncoding | "buffer"): string | Uint8Array;
}

export type TextEncoding = "hex" | "base64";

export interface HashBackend {
  readonly native: boolean;
  digest(name: HashName, data: Bytes): Uint8Array;
  hmac(name: HashName, key: Bytes, data: Bytes): Uint8Array;
  /** The same as text: native code encodes without another pass in JavaScript (signing's hot path). */
  digestText(name: HashName, data: Bytes, encoding: TextEncoding): string;
  hmacText(name: HashName, key: Bytes, data: Bytes, encoding: TextEncoding): string;
}

/** `node:crypto` if the platform offers it without an import, else undefined. */
function findNativeCrypto(): NativeCrypto | undefined {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  try {
    const crypto = host.process?.getBuiltinModule?.("node:crypto") as
      Partial<NativeCrypto> | undefined;
    return typeof crypto?.createHash === "function" && typeof crypto.createHmac === "function"
      ? (crypto as NativeCrypto)
      : undefined;
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes, as strings travel on the wire (a lone surrogate becomes U+FFFD, as Node's Buffer does). */
export function utf8(data: Bytes): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

// ---- the pure implementation (FIPS 180-4, RFC 2104) ----

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The message with its Merkle-Damgård padding, as big-endian 32-bit words. */
function padToWords(message: Uint8Array): Uint32Array {
  const blocks = Math.ceil((message.length + 9) / 64);
  const bytes = new Uint8Array(blocks * 64);
  bytes.set(message);
  bytes[message.length] = 0x80;
  const view = new DataView(bytes.buffer);
  const bits = message.length * 8;
  view.setUint32(bytes.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(bytes.length - 4, bits >>> 0);
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4);
  return words;
}

function wordsToBytes(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word));
  return out;
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

function pureSha256(message: Uint8Array): Uint8Array {
  const words = padToWords(message);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t]!;
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let [a, b, c, d, e, f, g, k] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let t = 0; t < 64; t++) {
      const t1 =
        (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t]! + w[t]!) |
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, k].forEach((v, i) => (h[i] = (h[i]! + v) | 0));
  }
  return wordsToBytes(h);
}

/** f(t; b, c, d) + K(t) of SHA-1's four stages. */
function sha1Round(t: number, b: number, c: number, d: number): number {
  if (t < 20) return (((b & c) | (~b & d)) + 0x5a827999) | 0;
  if (t < 40) return ((b ^ c ^ d) + 0x6ed9eba1) | 0;
  if (t < 60) return (((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc) | 0;
  return ((b ^ c ^ d) + 0xca62c1d6) | 0;
}

function pureSha1(message: Uint8Array): Uint8Array {
  const words = padToWords(message);
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const w = new Uint32Array(80);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t]!;
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
    let [a, b, c, d, e] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!];
    for (let t = 0; t < 80; t++) {
      const next = (rotl(a, 5) + sha1Round(t, b, c, d) + e + w[t]!) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    [a, b, c, d, e].forEach((v, i) => (h[i] = (h[i]! + v) | 0));
  }
  return wordsToBytes(h);
}

const PURE_DIGESTS: Record<HashName, (message: Uint8Array) => Uint8Array> = {
  sha1: pureSha1,
  sha256: pureSha256,
};

/** RFC 2104 with a 64-byte block (both SHA-1 and SHA-256). */
function pureHmac(name: HashName, key: Bytes, data: Bytes): Uint8Array {
  const hash = PURE_DIGESTS[name];
  let keyBytes = utf8(key);
  if (keyBytes.length > 64) keyBytes = hash(keyBytes);
  const message = utf8(data);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + (name === "sha1" ? 20 : 32));
  for (let i = 0; i < 64; i++) {
    inner[i] = (keyBytes[i] ?? 0) ^ 0x36;
    outer[i] = (keyBytes[i] ?? 0) ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(hash(inner), 64);
  return hash(outer);
}

const encode = (bytes: Uint8Array, encoding: TextEncoding) =>
  encoding === "hex" ? toHex(bytes) : toBase64(bytes);

export const pureBackend: HashBackend = {
  native: false,
  digest: (name, data) => PURE_DIGESTS[name](utf8(data)),
  hmac: pureHmac,
  digestText: (name, data, encoding) => encode(PURE_DIGESTS[name](utf8(data)), encoding),
  hmacText: (name, key, data, encoding) => encode(pureHmac(name, key, data), encoding),
};

function nativeBackend(crypto: NativeCrypto): HashBackend {
  const oneShot = crypto.hash?.bind(crypto);
  if (!oneShot)
    return {
      native: true,
      digest: (name, data) => crypto.createHash(name).update(data).digest(),
      hmac: (name, key, data) => crypto.createHmac(name, key).update(data).digest(),
      digestText: (name, data, encoding) => crypto.createHash(name).update(data).digest(encoding),
      hmacText: (name, key, data, encoding) =>
        crypto.createHmac(name, key).update(data).digest(encoding),
    };
  const digest = (name: HashName, data: Bytes) => oneShot(name, data, "buffer") as Uint8Array;
  // HMAC as RFC 2104 writes it, H((K ^ opad) || H((K ^ ipad) || m)), from one-shot digests:
  // createHmac sets up an OpenSSL context per call, which costs several times the hashing of the
  // few hundred bytes a signature covers (the mock verifies one per request).
  const outerBlock = (name: HashName, key: Bytes, data: Bytes) => {
    const pads = keyPads(name, key);
    return hmacOuterBlock(pads.outer, digest(name, hmacInnerBlock(pads.inner, data)));
  };
  /**
   * The key XOR ipad and XOR opad, kept for the key used last (a TC3 signing key repeats all day).
   * A key of bytes is compared by content with a copy: the caller may change its array in place.
   */
  let lastPads: KeyPads | undefined;
  const keyPads = (name: HashName, key: Bytes): KeyPads => {
    if (lastPads?.name === name && sameKey(lastPads.key, key)) return lastPads;
    const bytes = utf8(key);
    const blockKey = bytes.length > BLOCK_BYTES ? digest(name, bytes) : bytes;
    const kept = typeof key === "string" ? key : key.slice();
    lastPads = { name, key: kept, inner: xorPad(blockKey, 0x36), outer: xorPad(blockKey, 0x5c) };
    return lastPads;
  };
  return {
    native: true,
    digest,
    hmac: (name, key, data) => digest(name, outerBlock(name, key, data)),
    digestText: (name, data, encoding) => oneShot(name, data, encoding) as string,
    hmacText: (name, key, data, encoding) =>
      oneShot(name, outerBlock(name, key, data), encoding) as string,
  };
}

interface KeyPads {
  name: HashName;
  key: Bytes;
  inner: Uint8Array;
  outer: Uint8Array;
}

function sameKey(kept: Bytes, key: Bytes): boolean {
  if (typeof kept === "string" || typeof key === "string") return kept === key;
  if (kept.length !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (kept[i] !== key[i]) return false;
  return true;
}

/** SHA-1 and SHA-256 both hash 64-byte blocks: the HMAC key pad's size. */
const BLOCK_BYTES = 64;

/**
 * `(K ^ ipad) || message`, a string message's UTF-8 written in place. In a scratch buffer reused
 * from call to call (hashing is synchronous, nothing else holds it), unless the message is large.
 */
function hmacInnerBlock(innerPad: Uint8Array, data: Bytes): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; the unused tail is left out below.
  const room = BLOCK_BYTES + (typeof data === "string" ? 3 * data.length : data.length);
  const block = room <= SCRATCH_BYTES ? innerScratch : new Uint8Array(room);
  block.set(innerPad);
  if (typeof data !== "string") {
    block.set(data, BLOCK_BYTES);
    return block.subarray(0, room);
  }
  const { written } = encoder.encodeInto(data, block.subarray(BLOCK_BYTES, room));
  return block.subarray(0, BLOCK_BYTES + written);
}

/** `(K ^ opad) || inner digest`, in its own scratch buffer (the inner one is still being read). */
function hmacOuterBlock(outerPad: Uint8Array, inner: Uint8Array): Uint8Array {
  outerScratch.set(outerPad);
  outerScratch.set(inner, BLOCK_BYTES);
  return outerScratch.subarray(0, BLOCK_BYTES + inner.length);
}

/** Messages up to this size (a TC3 string to sign is a few hundred bytes) reuse the scratch buffer. */
const SCRATCH_BYTES = 4096;
const innerScratch = new Uint8Array(SCRATCH_BYTES);
/** A block and the longest digest (SHA-256's 32 bytes). */
const outerScratch = new Uint8Array(BLOCK_BYTES + 32);

/** The key, zero-padded to a block, XOR `pad`. */
function xorPad(key: Uint8Array, pad: number): Uint8Array {
  const block = new Uint8Array(BLOCK_BYTES);
  for (let i = 0; i < BLOCK_BYTES; i++) block[i] = (key[i] ?? 0) ^ pad;
  return block;
}

const found = findNativeCrypto();
/** What signing hashes with on this platform. */
export const hashBackend: HashBackend = found ? nativeBackend(found) : pureBackend;

// ---- encodings ----

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte];
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
