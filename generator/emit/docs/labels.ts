import type { LocalizedText } from "../../ir/types.js";
import { md, mdParagraphs, mdText, type Md } from "./markdown.js";

export type Lang = "en" | "zh";
export const LANGS: Lang[] = ["en", "zh"];

/** Page labels in both languages. */
export const LABELS = {
  en: {
    input: "Input parameters",
    output: "Output parameters",
    rules: "Cross-field rules",
    structs: "Structs",
    examples: "Examples",
    errors: "Error codes",
    name: "Name",
    required: "Required",
    type: "Type",
    range: "Range",
    values: "Values",
    default: "Default",
    unit: "Unit",
    description: "Description",
    code: "Code",
    number: "Number",
    source: "Declared by",
    yes: "Yes",
    no: "No",
    product: "Product",
    protocol: "Protocol",
    endpoint: "Endpoint",
    international: "international",
    region: "Region",
    regionRequired: "required",
    regionNotRequired: "not needed",
    rateLimit: "Rate limit",
    perSecond: "calls per second",
    notDocumented: "not documented",
    asynchronous: "Asynchronous",
    wire: "Request on the wire",
    client: "The same call with the TypeScript client",
    response: "Response",
    common: "common",
    action: "this action",
    actions: "Actions",
    products: "Products",
    none: "None.",
    envelope: "Every answer also carries the legacy envelope",
    flat: "In a query string or form (GET, signature v1, legacy v2) lists and structs are flattened, N counting from 0",
    nullable: "may be null",
    missing: "(no English text in the spec; the Chinese is shown)",
    checkedByService: "depends on state outside the request; checked by the service",
    warning: "the service accepts it and ignores the field",
    scope: "Applies to",
    update: "Absent parameters",
    absentMeansUnchanged: "keep their current values (defaults are not assumed; rules compare only parameters that are given)",
    sources: "Sources",
    placeholders: "Placeholders on the published page (not real values)",
    violation: "As published, this example breaks a stated rule",
    signature: "Signature values are the page's own",
    exampleRegion: "The published example shows no Region; the client call adds one because the product needs it",
  },
  zh: {
    input: "输入参数",
    output: "输出参数",
    rules: "参数间约束",
    structs: "数据结构",
    examples: "示例",
    errors: "错误码",
    name: "参数名称",
    required: "必选",
    type: "类型",
    range: "取值范围",
    values: "可选值",
    default: "默认值",
    unit: "单位",
    description: "描述",
    code: "错误码",
    number: "数字代码",
    source: "来源",
    yes: "是",
    no: "否",
    product: "产品",
    protocol: "协议",
    endpoint: "接口域名",
    international: "国际站",
    region: "地域",
    regionRequired: "必填",
    regionNotRequired: "无需传递",
    rateLimit: "请求频率限制",
    perSecond: "次/秒",
    notDocumented: "文档未说明",
    asynchronous: "异步接口",
    wire: "请求（线上格式）",
    client: "TypeScript 客户端调用",
    response: "响应",
    common: "公共错误码",
    action: "本接口",
    actions: "接口列表",
    products: "产品",
    none: "无。",
    envelope: "每个响应还包含旧版公共返回字段",
    flat: "在查询字符串或表单中（GET、签名方法 v1、旧版 v2）列表与结构体按如下名称展开，N 从 0 开始",
    nullable: "可能返回 null",
    missing: "（规格中无中文，显示英文）",
    checkedByService: "取决于请求之外的状态，由服务端检查",
    warning: "服务端接受请求但忽略该字段",
    scope: "适用范围",
    update: "未传参数",
    absentMeansUnchanged: "保持当前值（不按默认值处理；参数间约束只比较已传入的参数）",
    sources: "来源",
    placeholders: "文档页示例中的占位值（非真实数据）",
    violation: "按原样保留的文档页示例违反了已说明的规则",
    signature: "签名相关参数为文档页原值",
    exampleRegion: "文档页示例未传 Region；本产品需要 Region，客户端调用中补上",
  },
} as const;

export type LabelSet = (typeof LABELS)[Lang];

/** Spec text in a language, as safe Markdown; the other language with a marker when missing. */
export function say(text: LocalizedText | undefined, lang: Lang): Md {
  if (!text) return md``;
  const own = text[lang];
  if (own) return mdText(own);
  const other = text[lang === "en" ? "zh" : "en"];
  return other ? md`${mdText(other)} <em>${LABELS[lang].missing}</em>` : md``;
}

/** The same, as paragraphs (one per line of the text), for text that stands alone on the page. */
export function sayParagraphs(text: LocalizedText | undefined, lang: Lang): Md[] {
  if (!text) return [];
  const own = text[lang];
  if (own) return mdParagraphs(own);
  const other = text[lang === "en" ? "zh" : "en"];
  return other ? [...mdParagraphs(other), md`<em>${LABELS[lang].missing}</em>`] : [];
}
