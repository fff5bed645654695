import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashBackend, pureBackend, toBase64, toHex, utf8, type HashName } from "./hash.js";

const NAMES: HashName[] = ["sha1", "sha256"];
const bytes = fc.uint8Array({ maxLength: 300 });

describe("hash backends", () => {
  it("uses node:crypto on Node, without importing it", () => expect(hashBackend.native).toBe(true));

  it("pure digests match the FIPS 180 examples", () => {
    expect(toHex(pureBackend.digest("sha256", "abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(pureBackend.digest("sha1", "abc"))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(toHex(pureBackend.digest("sha256", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it.each(NAMES)("pure %s agrees with node:crypto across block boundaries", (name) => {
    fc.assert(fc.property(bytes, (data) => toHex(pureBackend.digest(name, data)) === createHash(name).update(data).digest("hex")));
  });

  it.each(NAMES)("pure HMAC-%s agrees with node:crypto, keys longer than a block included", (name) => {
    fc.assert(
      fc.property(bytes, fc.uint8Array({ maxLength: 150 }), (key, data) => toHex(pureBackend.hmac(name, key, data)) === createHmac(name, key).update(data).digest("hex")),
    );
  });

  it("hashes strings as UTF-8 on both paths, a lone surrogate as U+FFFD", () => {
    for (const text of ["é", "\u{1F600}", "a\uD800b"]) {
      expect(toHex(pureBackend.digest("sha256", text))).toBe(createHash("sha256").update(text).digest("hex"));
      expect(toHex(hashBackend.digest("sha256", text))).toBe(toHex(pureBackend.digest("sha256", utf8(text))));
    }
  });

  it.each(NAMES)("native %s (one-shot where Node has it) agrees with createHash on bytes and strings", (name) => {
    fc.assert(
      fc.property(fc.oneof(bytes, fc.string({ unit: "binary", maxLength: 200 })), (data) => {
        const expected = createHash(name).update(data).digest("hex");
        return hashBackend.digestText(name, data, "hex") === expected && toHex(hashBackend.digest(name, data)) === expected;
      }),
    );
  });

  it.each(NAMES)("native HMAC-%s (from one-shot digests where Node has them) agrees with createHmac", (name) => {
    const text = fc.string({ unit: "binary", maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 150 }), text), fc.oneof(bytes, text), (key, data) => {
        const expected = createHmac(name, key).update(data).digest("hex");
        return hashBackend.hmacText(name, key, data, "hex") === expected && toHex(hashBackend.hmac(name, key, data)) === expected;
      }),
    );
  });

  it("native HMAC follows a key changed in place between calls (key pads are kept for the last key)", () => {
    const key = new Uint8Array(32).fill(1);
    const first = hashBackend.hmacText("sha256", key, "message", "hex");
    key[31] = 2;
    expect(hashBackend.hmacText("sha256", key, "message", "hex")).toBe(createHmac("sha256", key).update("message").digest("hex"));
    expect(first).toBe(createHmac("sha256", new Uint8Array(32).fill(1)).update("message").digest("hex"));
  });

  it("gives the same text on both paths", () => {
    for (const encoding of ["hex", "base64"] as const)
      for (const name of NAMES) {
        expect(pureBackend.digestText(name, "abc", encoding)).toBe(hashBackend.digestText(name, "abc", encoding));
        expect(pureBackend.hmacText(name, "key", "abc", encoding)).toBe(hashBackend.hmacText(name, "key", "abc", encoding));
      }
  });

  it("encodes hex and base64 as Buffer does", () => {
    fc.assert(fc.property(bytes, (data) => toHex(data) === Buffer.from(data).toString("hex") && toBase64(data) === Buffer.from(data).toString("base64")));
  });
});
