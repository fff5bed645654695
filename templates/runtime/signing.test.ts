import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { toHex } from "./hash.js";
import {
  deriveTc3Keys,
  encodeQuery,
  flattenParams,
  percentEncode,
  safeEqual,
  sha256Hex,
  signTc3,
  signV1,
  utcDate,
  v1StringToSign,
  type Tc3Request,
} from "./signing.js";

// Every vector below comes from /work/shared/tencent-protocol.md (sections 1.7 and 2.3), where each
// was re-run against the official Node SDK's signing functions.

const EXAMPLE_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const EXAMPLE_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function lastLine(text: string): string {
  return text.slice(text.lastIndexOf("\n") + 1);
}

describe("utcDate", () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("is the UTC date, not the local one (the UTC+8 midnight trap)", () => {
    process.env.TZ = "Asia/Shanghai";
    // 1551113065 is 2019-02-25 16:44:25 UTC, already 00:44 on the 26th in Beijing.
    expect(new Date(1551113065 * 1000).getDate()).toBe(26);
    expect(utcDate(1551113065)).toBe("2019-02-25");
  });

  it.each([
    [1539084154, "2018-10-09"],
    [1640995200, "2022-01-01"],
    [1640995199, "2021-12-31"],
    [0, "1970-01-01"],
  ])("utcDate(%i) = %s", (timestamp, date) => {
    expect(utcDate(timestamp)).toBe(date);
  });

  it("stays the calendar date when calls hop between days and back (the last day is reused)", () => {
    const stamps = [1640995199, 1640995200, 1640995199, 1640995199, 86399, 86400, 4102444800, 1640995200];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...stamps), fc.integer({ min: 0, max: 4102444800 })), { minLength: 1, maxLength: 20 }), (sequence) =>
        sequence.every((t) => utcDate(t) === new Date(t * 1000).toISOString().slice(0, 10)),
      ),
    );
  });

  it("rejects timestamps that could not be signed as X-TC-Timestamp", () => {
    expect(() => utcDate(1551113065.5)).toThrow(RangeError);
    expect(() => utcDate(Number.NaN)).toThrow(RangeError);
    expect(() => utcDate(-1)).toThrow(RangeError);
  });
});

describe("sha256Hex", () => {
  it("hashes strings as UTF-8 and bytes as they are", () => {
    expect(sha256Hex("")).toBe(EMPTY_SHA256);
    expect(sha256Hex(new Uint8Array())).toBe(EMPTY_SHA256);
    expect(sha256Hex("é")).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });
});

describe("TC3-HMAC-SHA256", () => {
  describe("V3-A: official v3 page, POST JSON, EXAMPLE keys", () => {
    // Exact body bytes of the page: spaces after ':' and ',' and \u escapes as six ASCII characters.
    const body = String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`;
    const request: Tc3Request = {
      secretId: EXAMPLE_ID,
      secretKey: EXAMPLE_KEY,
      service: "cvm",
      host: "cvm.tencentcloudapi.com",
      method: "POST",
      query: "",
      contentType: "application/json; charset=utf-8",
      payload: body,
      timestamp: 1551113065,
    };
    const result = signTc3(request);

    it("keeps the body as ASCII escapes", () => {
      expect(body).toContain("\\u672a");
      expect(body).toHaveLength(86);
    });

    it("hashes the payload", () => {
      expect(sha256Hex(body)).toBe("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
      expect(lastLine(result.canonicalRequest)).toBe("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    });

    it("builds the canonical request of the page", () => {
      expect(result.canonicalRequest).toBe(
        [
          "POST",
          "/",
          "",
          "content-type:application/json; charset=utf-8",
          "host:cvm.tencentcloudapi.com",
          "",
          "content-type;host",
          "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
        ].join("\n"),
      );
      expect(sha256Hex(result.canonicalRequest)).toBe("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    });

    it("builds the string to sign with the UTC scope date", () => {
      expect(result.credentialScope).toBe("2019-02-25/cvm/tc3_request");
      expect(result.stringToSign).toBe(
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
      );
    });

    it("derives the documented intermediate keys", () => {
      const keys = deriveTc3Keys(EXAMPLE_KEY, "2019-02-25", "cvm");
      expect(toHex(keys.kDate)).toBe("d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a");
      expect(toHex(keys.kService)).toBe("3c7cb7c7795393edc14fd2e0e6434a518564b4504b88e94f5d11bf59ba3e7050");
      expect(toHex(keys.kSigning)).toBe("ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1");
    });

    it("produces the signature and Authorization header", () => {
      expect(result.signature).toBe("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
      expect(result.authorization).toBe(
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
      );
    });

    it("signs the same bytes given as a Uint8Array", () => {
      expect(signTc3({ ...request, payload: new TextEncoder().encode(body) }).signature).toBe(result.signature);
    });

    it("V3-A': masked keys of the current Chinese page", () => {
      const masked = signTc3({ ...request, secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******" });
      expect(masked.signature).toBe("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    });
  });

  it("V3-B: common-parameters page, GET form", () => {
    const result = signTc3({
      secretId: EXAMPLE_ID,
      secretKey: EXAMPLE_KEY,
      service: "cvm",
      host: "cvm.tencentcloudapi.com",
      method: "GET",
      query: "Limit=10&Offset=0",
      contentType: "application/x-www-form-urlencoded",
      payload: "",
      timestamp: 1539084154,
    });
    expect(result.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2018-10-09/cvm/tc3_request, SignedHeaders=content-type;host, Signature=5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474",
    );
    expect(result.canonicalRequest.split("\n").slice(0, 3)).toEqual(["GET", "/", "Limit=10&Offset=0"]);
    expect(lastLine(result.canonicalRequest)).toBe(EMPTY_SHA256);
  });

  describe("V3-C: Node SDK unit tests (test/common/sign.test.ts)", () => {
    // The SDK test passes the object {Action, Version}; sign.ts hashes JSONbigNative.stringify of
    // it, i.e. compact JSON in insertion order.
    const json = `{"Action":"DescribeInstances","Version":"2017-03-12"}`;
    const base = {
      secretId: "test-secret-id",
      secretKey: "test-secret-key",
      service: "cvm",
      host: "cvm.tencentcloudapi.com",
      query: "",
      timestamp: 1640995200,
    };
    const expectAuthorization = (signature: string): string =>
      `TC3-HMAC-SHA256 Credential=test-secret-id/2022-01-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;

    it("POST application/json", () => {
      const result = signTc3({ ...base, method: "POST", contentType: "application/json", payload: json });
      expect(result.authorization).toBe(expectAuthorization("96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3"));
    });

    it("GET quirk: the SDK test hashes the JSON payload even for GET", () => {
      const result = signTc3({ ...base, method: "GET", contentType: "application/x-www-form-urlencoded", payload: json });
      expect(result.authorization).toBe(expectAuthorization("39ce411ac32014b7d814118b33f82d3445be566f67e1f4b369ccdc3791ce9a13"));
    });

    it("multipart/form-data, hashing the whole multipart body", () => {
      const boundary = "--------------------------613711929803404244049248";
      // The SDK test's payload is {...{Action, Version}, File: Buffer}: three parts, in that order.
      const body = multipartBody(boundary, [
        ["Action", "DescribeInstances"],
        ["Version", "2017-03-12"],
        ["File", new TextEncoder().encode("test file content")],
      ]);
      const result = signTc3({ ...base, method: "POST", contentType: `multipart/form-data; boundary=${boundary}`, payload: body });
      expect(result.authorization).toBe(expectAuthorization("35ca4cc5b23393f8072e9f355fa26fe9504e38fa8d1b2dfc867383e0fa32c16b"));
    });
  });

  it("hashes the literal UNSIGNED-PAYLOAD instead of the body when asked", () => {
    const request: Tc3Request = {
      secretId: "id",
      secretKey: "key",
      service: "gaap",
      host: "gaap.tencentcloudapi.com",
      method: "POST",
      query: "",
      contentType: "application/json",
      payload: `{"ListenerId":"l"}`,
      timestamp: 1640995200,
      unsignedPayload: true,
    };
    const unsigned = signTc3(request);
    expect(lastLine(unsigned.canonicalRequest)).toBe(sha256Hex("UNSIGNED-PAYLOAD"));
    expect(signTc3({ ...request, payload: "anything else" }).signature).toBe(unsigned.signature);
    expect(signTc3({ ...request, unsignedPayload: false }).signature).not.toBe(unsigned.signature);
  });

  it("signs the host exactly as given (with or without port)", () => {
    const request: Tc3Request = {
      secretId: "id",
      secretKey: "key",
      service: "127",
      host: "127.0.0.1",
      method: "POST",
      query: "",
      contentType: "application/json",
      payload: "{}",
      timestamp: 1640995200,
    };
    expect(signTc3(request).canonicalRequest).toContain("\nhost:127.0.0.1\n");
    expect(signTc3({ ...request, host: "127.0.0.1:8080" }).signature).not.toBe(signTc3(request).signature);
  });

  it("signs with the key of each secret, date and service, however many the derived-key cache has seen", () => {
    const base: Tc3Request = { secretId: "id", secretKey: "", service: "gaap", host: "h", method: "POST", query: "", contentType: "application/json", payload: "{}", timestamp: 1640995200 };
    // More combinations than the cache keeps, each signed twice, so hits, misses and evictions all occur.
    const combos = Array.from({ length: 150 }, (_, i) => ({ secretKey: `key-${i % 50}`, service: i % 3 === 0 ? "clb" : "gaap", timestamp: 1640995200 + (i % 2) * 86400 }));
    for (const combo of [...combos, ...combos]) {
      const signed = signTc3({ ...base, ...combo });
      const { kSigning } = deriveTc3Keys(combo.secretKey, utcDate(combo.timestamp), combo.service);
      expect(signed.signature).toBe(createHmac("sha256", kSigning).update(signed.stringToSign).digest("hex"));
    }
  });
});

/**
 * The multipart body the Node SDK sends (form-data package) and hashes (sign.ts rebuilds the same
 * bytes): `--<boundary>`, then per field CRLF + headers + CRLF CRLF + content + CRLF + `--<boundary>`,
 * then `--` CRLF. Byte fields get `Content-Type: application/octet-stream`, text fields no type.
 */
function multipartBody(boundary: string, fields: [string, string | Uint8Array][]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [encoder.encode(`--${boundary}`)];
  for (const [name, content] of fields) {
    const type = typeof content === "string" ? "" : "\r\nContent-Type: application/octet-stream";
    chunks.push(encoder.encode(`\r\nContent-Disposition: form-data; name="${name}"${type}\r\n\r\n`));
    chunks.push(typeof content === "string" ? encoder.encode(content) : content);
    chunks.push(encoder.encode(`\r\n--${boundary}`));
  }
  chunks.push(encoder.encode("--\r\n"));
  return Buffer.concat(chunks);
}

describe("signature v1", () => {
  it("V1-A: API 3.0 v1 page, HmacSHA1, string built from an unordered map", () => {
    const stringToSign = v1StringToSign("GET", "cvm.tencentcloudapi.com", "/", {
      Version: "2017-03-12",
      Timestamp: "1465185768",
      SecretId: EXAMPLE_ID,
      Region: "ap-guangzhou",
      Offset: "0",
      Nonce: "11886",
      Limit: "20",
      "InstanceIds.0": "ins-09dx96dg",
      Action: "DescribeInstances",
      Signature: "never signed",
    });
    expect(stringToSign).toBe(
      "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12",
    );
    const signature = signV1(EXAMPLE_KEY, stringToSign, "HmacSHA1");
    expect(signature).toBe("EliP9YW3pW28FpsEdkXt/+WcGeI=");
    expect(percentEncode(signature)).toBe("EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D");
  });

  describe("V1-B: legacy v2 signature page", () => {
    const key = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
    const params = (signatureMethod: string): Record<string, string> => ({
      SignatureMethod: signatureMethod,
      Timestamp: "1465185768",
      SecretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA",
      Region: "ap-guangzhou",
      Nonce: "11886",
      "InstanceIds.0": "ins-09dx96dg",
      Action: "DescribeInstances",
    });
    const expected = (signatureMethod: string): string =>
      `GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=${signatureMethod}&Timestamp=1465185768`;

    it("HmacSHA256", () => {
      const stringToSign = v1StringToSign("GET", "cvm.api.qcloud.com", "/v2/index.php", params("HmacSHA256"));
      expect(stringToSign).toBe(expected("HmacSHA256"));
      expect(signV1(key, stringToSign, "HmacSHA256")).toBe("0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=");
    });

    it("HmacSHA1", () => {
      const stringToSign = v1StringToSign("GET", "cvm.api.qcloud.com", "/v2/index.php", params("HmacSHA1"));
      expect(stringToSign).toBe(expected("HmacSHA1"));
      expect(signV1(key, stringToSign, "HmacSHA1")).toBe("nPVnY6njQmwQ8ciqbPl5Qe+Oru4=");
    });
  });

  it("V1-C: Node SDK unit test", () => {
    expect(signV1("test-secret-key", "test-sign-string", "HmacSHA1")).toBe("XjwGF9U5zdo93uMrX2b1ZDwoFOo=");
    expect(signV1("test-secret-key", "test-sign-string", "HmacSHA256")).toBe("6c+oFbRDL8wKcVPPwa4KtGMOzMuJTQDwV+8tMMPf7oM=");
  });

  it("rejects an unknown signature method instead of guessing", () => {
    expect(() => signV1("key", "text", "HmacMD5" as "HmacSHA1")).toThrow(TypeError);
  });

  it("sorts names by byte order and keeps values raw", () => {
    const stringToSign = v1StringToSign("POST", "clb.tencentcloudapi.com:8443", "/", {
      limit: "x",
      "InstanceIds.2": "b",
      Zone: "z y/é",
      "InstanceIds.10": "a",
      Action: "A",
      InstanceIds: "c",
    });
    expect(stringToSign).toBe("POSTclb.tencentcloudapi.com:8443/?Action=A&InstanceIds=c&InstanceIds.10=a&InstanceIds.2=b&Zone=z y/é&limit=x");
  });
});

describe("flattenParams", () => {
  // BindListenerRealServers as sent in section 5.3 (POST body) and flattened in section 1.6 (GET).
  const bind = {
    ListenerId: "listener-abc",
    RealServerBindSet: [
      { RealServerId: "rs-1", RealServerPort: 80, RealServerIP: "10.0.0.1", RealServerWeight: 10 },
      { RealServerId: "rs-2", RealServerPort: 8080, RealServerIP: "10.0.0.2" },
    ],
  };

  it("flattens BindListenerRealServers in caller order", () => {
    expect(flattenParams(bind)).toEqual([
      ["ListenerId", "listener-abc"],
      ["RealServerBindSet.0.RealServerId", "rs-1"],
      ["RealServerBindSet.0.RealServerPort", "80"],
      ["RealServerBindSet.0.RealServerIP", "10.0.0.1"],
      ["RealServerBindSet.0.RealServerWeight", "10"],
      ["RealServerBindSet.1.RealServerId", "rs-2"],
      ["RealServerBindSet.1.RealServerPort", "8080"],
      ["RealServerBindSet.1.RealServerIP", "10.0.0.2"],
    ]);
  });

  it("gives the query string the Node SDK sent (section 1.6)", () => {
    const query = encodeQuery(flattenParams(bind));
    // The verified prefix, as printed in the protocol notes (which elide the rest with "...").
    expect(query.startsWith(
      "ListenerId=listener-abc&RealServerBindSet.0.RealServerId=rs-1&RealServerBindSet.0.RealServerPort=80&RealServerBindSet.0.RealServerIP=10.0.0.1&RealServerBindSet.0.RealServerWeight=10&RealServerBindSet.1.RealServerId=rs-2&",
    )).toBe(true);
    expect(query).toBe(
      "ListenerId=listener-abc&RealServerBindSet.0.RealServerId=rs-1&RealServerBindSet.0.RealServerPort=80&RealServerBindSet.0.RealServerIP=10.0.0.1&RealServerBindSet.0.RealServerWeight=10&RealServerBindSet.1.RealServerId=rs-2&RealServerBindSet.1.RealServerPort=8080&RealServerBindSet.1.RealServerIP=10.0.0.2",
    );
  });

  it("prints booleans, numbers and bigints as text", () => {
    expect(flattenParams({ On: true, Off: false, Port: 80, Ratio: 0.5, Big: 12345678901234567890n })).toEqual([
      ["On", "true"],
      ["Off", "false"],
      ["Port", "80"],
      ["Ratio", "0.5"],
      ["Big", "12345678901234567890"],
    ]);
  });

  it("skips null and undefined at any depth", () => {
    expect(flattenParams({ A: null, B: undefined, C: { D: null, E: "e" }, F: [null, "f", undefined] })).toEqual([
      ["C.E", "e"],
      ["F.1", "f"],
    ]);
  });

  it("drops empty arrays and objects entirely", () => {
    expect(flattenParams({ RealServerBindSet: [], Tags: {}, Nested: { List: [], Obj: {} }, Keep: "" })).toEqual([["Keep", ""]]);
  });

  it("composes nesting: Filters.0.Values.1", () => {
    expect(flattenParams({ Filters: [{ Name: "zone", Values: ["ap-guangzhou-3", "ap-guangzhou-4"] }], Limit: 20 })).toEqual([
      ["Filters.0.Name", "zone"],
      ["Filters.0.Values.0", "ap-guangzhou-3"],
      ["Filters.0.Values.1", "ap-guangzhou-4"],
      ["Limit", "20"],
    ]);
  });

  it("refuses values that have no text form", () => {
    expect(() => flattenParams({ Bad: Symbol("x") })).toThrow(TypeError);
    expect(() => flattenParams({ Bad: () => 1 })).toThrow(TypeError);
  });
});

describe("percentEncode / encodeQuery", () => {
  it("encodes UTF-8 with upper-case hex, space as %20", () => {
    expect(percentEncode("listener abc/é")).toBe("listener%20abc%2F%C3%A9");
  });

  it("keeps only the RFC 3986 unreserved characters", () => {
    expect(percentEncode("AZaz09-_.~")).toBe("AZaz09-_.~");
    expect(percentEncode("!'()*+=&?#%:")).toBe("%21%27%28%29%2A%2B%3D%26%3F%23%25%3A");
    expect(percentEncode("未命名😀")).toBe("%E6%9C%AA%E5%91%BD%E5%90%8D%F0%9F%98%80");
  });

  it("refuses a lone surrogate (no UTF-8 form)", () => {
    expect(() => percentEncode("\ud800")).toThrow(URIError);
  });

  it("encodes names and values, keeping the given order", () => {
    expect(encodeQuery([["b k", "x/y"], ["A", "é"]])).toBe("b%20k=x%2Fy&A=%C3%A9");
    expect(encodeQuery([])).toBe("");
  });
});

describe("safeEqual", () => {
  it("compares exactly", () => {
    expect(safeEqual("72e494ea", "72e494ea")).toBe(true);
    expect(safeEqual("72e494ea", "72e494eb")).toBe(false);
    expect(safeEqual("72e494ea", "72e494ea0")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("", "a")).toBe(false);
    expect(safeEqual("EliP9YW3pW28FpsEdkXt/+WcGeI=", "EliP9YW3pW28FpsEdkXt/+WcGeI=")).toBe(true);
  });
});
