import { describe, expect, it } from "vitest";
import { parseExample } from "../generator/import/examples.js";
import { htmlToText } from "../generator/import/html.js";
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
});
