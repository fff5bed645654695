import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A small catalogue in Tencent's api.json / examples.json shape, so tests control every upstream change. */
export function demoApi() {
  return {
    version: "1.0",
    metadata: { apiVersion: "2020-01-01", serviceShortName: "demo", serviceNameCN: "演示", api_brief: "<p>演示服务</p>" },
    actions: {
      GetThing: { name: "查询物品", document: "<p>查询一个物品。</p>", input: "GetThingRequest", output: "GetThingResponse", status: "online" },
      OldThing: { name: "旧接口", document: "旧接口。", input: "OldThingRequest", output: "OldThingResponse", status: "deprecated" },
    },
    objects: {
      GetThingRequest: {
        document: "GetThing请求参数结构体",
        type: "object",
        members: [
          { name: "Id", type: "string", member: "string", required: true, document: "物品ID。", example: "t-1", disabled: false },
          { name: "Limit", type: "int", member: "int64", required: false, document: "<p>返回数量，取值范围：1~100，默认值：20。</p>", example: "20", disabled: false },
          { name: "Hidden", type: "string", member: "string", required: false, document: "内部参数", example: "x", disabled: true },
        ],
      },
      GetThingResponse: {
        document: "GetThing返回参数结构体",
        type: "object",
        members: [
          { name: "Thing", type: "object", member: "Thing", output_required: true, value_allowed_null: false, document: "物品", example: "无" },
          { name: "RequestId", type: "string", member: "string", document: "唯一请求 ID，每次请求都会返回。" },
        ],
      },
      OldThingRequest: { document: "", type: "object", members: [] },
      OldThingResponse: { document: "", type: "object", members: [{ name: "RequestId", type: "string", member: "string", document: "唯一请求 ID" }] },
      Thing: {
        document: "物品",
        usage: "out",
        members: [
          { name: "Name", type: "string", member: "string", output_required: true, value_allowed_null: false, document: "名称", example: "box" },
          { name: "Size", type: "int", member: "uint64", output_required: true, value_allowed_null: false, document: "大小，单位：GB", example: "10" },
          { name: "Tags", type: "list", member: "string", output_required: false, value_allowed_null: true, document: "标签", example: '["a"]' },
        ],
      },
      Unused: { document: "no action reaches it", usage: "in", members: [] },
    },
  };
}

export function demoExamples() {
  return {
    version: "1.0",
    actions: {
      GetThing: [
        {
          title: "查询物品",
          document: "",
          input: 'POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\nX-TC-Action: GetThing\n<公共请求参数>\n\n{"Id": "t-1", "Limit": 5}',
          output: '{"Response": {"Thing": {"Name": "box", "Size": 10, "Tags": null}, "RequestId": "r-1"}}',
        },
        { title: "字符串数字", input: 'POST / HTTP/1.1\n\n{"Id": "t-1", "Limit": "5"}', output: '{"Response": {"Thing": {"Name": "b", "Size": 1}, "RequestId": "r"}}' },
        { title: "GET", input: "https://demo.tencentcloudapi.com/?Action=GetThing&Id=t-2&Limit=3&<公共请求参数>", output: '{"Response": {"Thing": {"Name": "c", "Size": 2}, "RequestId": "r"}}' },
      ],
    },
  };
}

export type DemoApi = ReturnType<typeof demoApi>;

export async function writeCatalogue(root: string, api: DemoApi = demoApi(), examples: unknown = demoExamples()): Promise<void> {
  const dir = path.join(root, "demo", "v20200101");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "api.json"), JSON.stringify(api));
  await writeFile(path.join(dir, "examples.json"), JSON.stringify(examples));
}

/**
 * Tencent's real catalogue (tccli api.json/examples.json), beside the repository as the README
 * says (`../shared/tencent-api/catalogue`), or where TCGEN_CATALOGUE points.
 */
export const CATALOGUE = process.env.TCGEN_CATALOGUE ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/tencent-api/catalogue");
