import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { parseExample } from "../generator/import/examples.js";
import { htmlToText } from "../generator/import/html.js";
import { Merger } from "../generator/import/merge.js";
import { originOf } from "../generator/import/source.js";

describe("import building blocks", () => {
  it("turns api.json HTML into plain text lines", () => {
    expect(htmlToText("<p>取值范围：[10, 1980]</p><p>单位：秒</p>")).toBe("取值范围：[10, 1980]\n单位：秒");
    expect(htmlToText('参见 <a href="https://x">文档</a>&lt;b&gt; &amp; &#39;q&#39;<br/>下一行')).toBe("参见 文档<b> & 'q'\n下一行");
    expect(htmlToText("<ul><li>A</li><li>B</li></ul>")).toBe("- A\n- B");
    expect(htmlToText("   ")).toBe("");
  });

  it("reads POST and GET examples and leaves out error answers and unparsable ones", () => {
    const post = parseExample({ title: "t", input: "POST / HTTP/1.1\nX-TC-Region: ap-guangzhou\n\n{\"A\": 1}", output: '{"Response": {"RequestId": "r"}}' });
    expect(post).toEqual({ example: { title: { zh: "t" }, region: "ap-guangzhou", request: { A: 1 }, response: { RequestId: "r" } } });
    const error = parseExample({ title: "t", input: "POST / HTTP/1.1\n\n{}", output: '{"Response": {"Error": {"Code": "X"}, "RequestId": "r"}}' });
    expect(error).toEqual({ skip: "it shows an error answer" });
    expect(parseExample({ title: "t", input: "POST / HTTP/1.1\n\n{oops", output: "{}" })).toEqual({ skip: "the request body is not JSON" });
    expect(parseExample({ title: " ", input: "", output: "" })).toEqual({ skip: "no title" });
    const get = parseExample({ title: "g", input: "https://x.tencentcloudapi.com/?Action=A&Version=1&Region=ap-beijing&Name=a%20b&<公共请求参数>", output: '{"Response": {"RequestId": "r"}}' });
    expect(get).toMatchObject({ example: { region: "ap-beijing" } });
    const wrapped = parseExample({ title: "w", input: "https://vpc.tencentcloudapi.com/?Action=CloneSecurityGroup\n&SecurityGroupId=sg-1\n&<公共请求参数>", output: '{"Response": {"RequestId": "r"}}' });
    expect(wrapped).toMatchObject({ example: { request: { "\u0000flat": { SecurityGroupId: "sg-1" } } } });
  });

  it("provenance: own source, then per-key override, then the parent's origin", () => {
    expect(originOf(undefined, "hand")).toBe("hand");
    expect(originOf(undefined, "catalogue")).toBe("catalogue");
    expect(originOf({ from: "seed" }, "catalogue")).toBe("seed");
    expect(originOf({ from: "catalogue", facts: { nullable: { from: "sdk" } } }, "hand", "nullable")).toBe("sdk");
    expect(originOf({ from: "catalogue", facts: { nullable: { from: "sdk" } } }, "hand", "type")).toBe("catalogue");
  });

  it("examples: imported ones follow upstream where they stand, hand ones keep their places, a drop is said", () => {
    const doc = parseDocument(
      [
        "kind: action",
        "source: { from: catalogue }",
        "examples:",
        "  - title: { zh: 一 }",
        "    request: { A: 1 }",
        "  - title: { en: Mine }",
        "    source: { from: hand }",
        "    request: { A: 9 }",
        "  - title: { zh: 二 }",
        "    request: { A: 2 }",
        "  - title: { zh: 旧, en: Old }",
        "    request: { A: 3 }",
        "",
      ].join("\n"),
    );
    const merger = new Merger(doc, "x/v1", false, (at) => `f:${at.join(".")}`);
    merger.examples([{ title: { zh: "二" }, request: { A: 22 } }, { title: { zh: "一" }, request: { A: 1 } }, { title: { zh: "新" }, request: { A: 4 } }], "catalogue");
    const titles = () => (doc.toJS().examples as { title: { zh?: string; en?: string } }[]).map((e) => e.title.zh ?? e.title.en);
    // "旧" carries English: the author's work, so a conflict, and it stays; "新" goes after the last imported one.
    expect(merger.outcome.conflicts).toEqual([expect.stringMatching(/^f:examples\.3: example "旧": removed upstream, but it has hand-written title\.en/)]);
    expect(titles()).toEqual(["一", "Mine", "二", "旧", "新"]);
    expect(doc.toJS().examples[2].request).toEqual({ A: 22 });

    const forced = new Merger(doc, "x/v1", true, (at) => `f:${at.join(".")}`);
    forced.examples([{ title: { zh: "一" }, request: { A: 1 } }], "catalogue");
    expect(forced.outcome.removed.map((l) => l.split(" (")[0])).toEqual(['f:examples.2: removed example "二"', 'f:examples.3: removed example "旧"', 'f:examples.4: removed example "新"']);
    expect(titles()).toEqual(["一", "Mine"]);
  });
});
