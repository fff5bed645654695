import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";

/**
 * What each seed page (../shared/seeds) states, written down by hand from the page, checked
 * against the committed generated types. If a spec drops a parameter, range, enum value, default
 * or error code, or an emitter stops printing it, this fails.
 */
interface PageFacts {
  module: string;
  params: string[];
  outputs: string[];
  ranges?: Record<string, string>;
  defaults?: Record<string, string>;
  units?: Record<string, string>;
  enums?: Record<string, string[]>;
  errors: string[];
  errorNumbers?: number[];
  /** Facts about the structs the page describes inline (in the product's structs module). */
  structs?: { ranges?: Record<string, string>; enums?: Record<string, string[]> };
}

const PAGES: Record<string, PageFacts> = {
  "000 BindListenerRealServers": {
    module: "gaap/types/bind-listener-real-servers.ts",
    params: ["ListenerId", "RealServerBindSet"],
    outputs: ["RequestId"],
    errors: [
      "FailedOperation",
      "FailedOperation.GroupStatusNotInRuning",
      "FailedOperation.InstanceStatusNotInRuning",
      "FailedOperation.LimitRealServerNum",
      "InternalError",
      "InvalidParameter",
      "InvalidParameterValue",
      "InvalidParameterValue.RealServerNotBelong",
      "MissingParameter",
      "ResourceNotFound",
      "UnauthorizedOperation",
    ],
  },
  "001 DescribeListenerRealServers": {
    module: "gaap/types/describe-listener-real-servers.ts",
    params: ["ListenerId"],
    outputs: ["TotalCount", "RealServerSet", "BindRealServerTotalCount", "BindRealServerSet", "RequestId"],
    errors: [
      "AuthFailure",
      "AuthFailure.NotEnterpriseAuthorization",
      "AuthFailure.UnauthorizedOperation",
      "FailedOperation",
      "FailedOperation.UserNotConfirmProtocol",
      "InternalError",
      "InvalidParameter",
      "InvalidParameterValue",
      "MissingParameter",
      "ResourceNotFound",
      "ResourceUnavailable.AccountViolation",
      "UnauthorizedOperation",
    ],
  },
  "002 DescribeBmL4ListenerBackends": {
    module: "bmlb/types/describe-bm-l4-listener-backends.ts",
    params: ["loadBalancerId", "listenerId", "backends"],
    outputs: ["data"],
    errors: ["InvalidParameter", "InternalError.CCDBAbnormal", "InvalidParameter.CCDBLBNotExist", "InternalError.TGWAbnormal", "InternalError.BmApiAbnormal"],
    errorNumbers: [9003, 9006, 11041, 11060, 14100],
    structs: {
      ranges: { port: "Range: 1 to 65535" },
      enums: { bindType: ["0", "1"], status: ['"Dead"', '"Alive"'] },
    },
  },
  "003 BatchRegisterTargets": {
    module: "clb/types/batch-register-targets.ts",
    params: ["LoadBalancerId", "Targets"],
    outputs: ["FailListenerIdSet", "Message", "RequestId"],
    ranges: { Targets: "Items: at most 500" },
    errors: [
      "FailedOperation",
      "FailedOperation.ResourceInOperating",
      "InternalError",
      "InvalidParameter",
      "InvalidParameter.FormatError",
      "InvalidParameter.LBIdNotFound",
      "InvalidParameter.ListenerIdNotFound",
      "InvalidParameter.LocationNotFound",
      "InvalidParameter.PortCheckFailed",
      "InvalidParameter.ProtocolCheckFailed",
      "InvalidParameter.RegionNotFound",
      "InvalidParameterValue",
      "InvalidParameterValue.Length",
      "LimitExceeded",
      "MissingParameter",
      "UnauthorizedOperation",
    ],
  },
  "004 ModifyBmListener": {
    module: "bmlb/types/modify-bm-listener.ts",
    params: [
      "loadBalancerId",
      "listenerId",
      "listenerName",
      "sessionExpire",
      "healthSwitch",
      "timeOut",
      "intervalTime",
      "healthNum",
      "unhealthNum",
      "bandwidth",
      "customHealthSwitch",
      "inputType",
      "lineSeparatorType",
      "healthRequest",
      "healthResponse",
      "toaFlag",
    ],
    outputs: ["requestId"],
    ranges: {
      sessionExpire: "Range: 900 to 3600",
      timeOut: "Range: 2 to 60",
      intervalTime: "Range: 5 to 300",
      healthNum: "Range: 2 to 10",
      unhealthNum: "Range: 2 to 10",
      bandwidth: "Range: 0 to 1000",
    },
    defaults: { healthSwitch: "0", timeOut: "2", intervalTime: "5", healthNum: "3", unhealthNum: "3", customHealthSwitch: "0", toaFlag: "0" },
    units: { sessionExpire: "seconds", timeOut: "seconds", intervalTime: "seconds", healthNum: "times", unhealthNum: "times", bandwidth: "Mbps" },
    enums: {
      healthSwitch: ["0", "1"],
      customHealthSwitch: ["0", "1"],
      inputType: ['"text"', '"hexadecimal"'],
      lineSeparatorType: ["1", "2", "3"],
      toaFlag: ["0", "1"],
    },
    errors: [
      "InvalidParameter",
      "InternalError.CCDBAbnormal",
      "InvalidParameter.CCDBLBNotExist",
      "IncorrectStatus.LBWrongStatus",
      "InvalidStatus.LBInvalidStatus",
      "InvalidL4Listener.NotExist",
      "IncorrectStatus.L4ListenerWrongStatus",
    ],
    errorNumbers: [9003, 9006, 11041, 12003, -21001, -12023, -12021],
  },
};

/** The doc comment and declaration of one property: from its `/**` to its `;`. */
function propertyBlock(source: string, name: string): string {
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${name}\\??: ([^;]+);`).exec(source);
  if (!match) throw new Error(`property ${name} not found`);
  return match[0];
}

/** The declared literal union and the documented meaning of each value. */
function expectEnum(block: string, values: string[]): void {
  const declared = block.slice(block.lastIndexOf(":") + 1, -1).split("|").map((v) => v.trim()).sort();
  expect(declared).toEqual([...values].sort());
  for (const value of values) expect(block).toContain(`- \`${value}\`: `);
}

describe("generated types carry everything the seed pages state", () => {
  for (const [page, facts] of Object.entries(PAGES)) {
    it(page, async () => {
      const source = await readFile(path.join(REPO, "generated", "src", facts.module), "utf8");
      const [request, response] = source.split(/export interface \w+Response/);
      for (const name of facts.params) expect(propertyBlock(request!, name)).toBeTruthy();
      for (const name of facts.outputs) expect(propertyBlock(response!, name)).toBeTruthy();
      for (const [name, range] of Object.entries(facts.ranges ?? {})) expect(propertyBlock(source, name)).toContain(`- ${range}`);
      for (const [name, value] of Object.entries(facts.defaults ?? {})) expect(propertyBlock(source, name)).toContain(`- Default: \`${value}\``);
      for (const [name, unit] of Object.entries(facts.units ?? {})) expect(propertyBlock(source, name)).toContain(`- Unit: ${unit}`);
      for (const [name, values] of Object.entries(facts.enums ?? {})) expectEnum(propertyBlock(source, name), values);
      if (facts.structs) {
        const structs = await readFile(path.join(REPO, "generated", "src", path.dirname(facts.module), "structs.ts"), "utf8");
        for (const [name, range] of Object.entries(facts.structs.ranges ?? {})) expect(propertyBlock(structs, name)).toContain(`- ${range}`);
        for (const [name, values] of Object.entries(facts.structs.enums ?? {})) expectEnum(propertyBlock(structs, name), values);
      }
      const union = /export type \w+ErrorCode =([^;]+);/.exec(source)![1]!;
      for (const code of facts.errors) expect(union).toContain(JSON.stringify(code));
      if (facts.errorNumbers) {
        const numbers = /export type \w+ErrorNumber =([^;]+);/.exec(source)![1]!;
        for (const n of facts.errorNumbers) expect(numbers.split("|").map((v) => v.trim())).toContain(String(n));
      }
    });
  }
});

/** A seed page's range as the docs show it: `1 to 500` in English, `1 ~ 500` in Chinese. */
function rangeAsShown(range: string, lang: string): string {
  const bounds = range.replace(/^(Range|Items): /, "");
  // As cells.ts writes them in Chinese: `2 ~ 60`, `≥ 1`, `≤ 500`.
  return lang === "zh" ? bounds.replace(" to ", " &#126; ").replace(/^at least /, "≥ ").replace(/^at most /, "≤ ") : bounds;
}

/** The table row of a parameter on a docs page. */
function docsRow(page: string, name: string): string {
  // A parameter's name cell is a link to its own anchor (`#timeOut`, `#struct-Target-Port`).
  const nameCell = new RegExp(`^\\| <a id="[^"]+" class="tc-param" href="#[^"]+"><code>${name}</code></a> +\\|`);
  const row = page.split("\n").find((line) => nameCell.test(line));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe.each(["en", "zh"])("generated %s docs pages carry everything the seed pages state", (lang) => {
  for (const [page, facts] of Object.entries(PAGES)) {
    it(page, async () => {
      const docs = await readFile(path.join(REPO, "generated", "docs", lang, facts.module.replace("/types/", "/") .replace(/\.ts$/, ".md")), "utf8");
      for (const name of [...facts.params, ...facts.outputs]) expect(docsRow(docs, name)).toBeTruthy();
      for (const [name, range] of Object.entries({ ...facts.ranges, ...facts.structs?.ranges })) expect(docsRow(docs, name)).toContain(rangeAsShown(range, lang));
      for (const [name, value] of Object.entries(facts.defaults ?? {})) expect(docsRow(docs, name)).toContain(`<code>${value}</code>`);
      for (const [name, values] of Object.entries({ ...facts.enums, ...facts.structs?.enums }))
        for (const value of values) expect(docsRow(docs, name)).toContain(`<code>${value}</code>: `);
      for (const code of facts.errors) expect(docs).toMatch(new RegExp(`\\| <code>${code.replace(/\./g, "\\.")}</code> +\\|`));
      for (const n of facts.errorNumbers ?? []) expect(docs).toContain(`<code>${n}</code>`);
    });
  }
});
