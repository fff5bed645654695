import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { tokenizeWithCjk } from "../site/.vitepress/cjk-search.js";

/** The docs site's search terms (site/.vitepress/cjk-search.ts), with the MiniSearch VitePress uses. */
const TIMEOUT_ZH = "健康检查的响应超时时间，可选值：2-60，默认值：2，单位：秒。";
const TIMEOUT_EN = "Health-check response timeout, 2 to 60 seconds, default 2. Must be less than the check interval.";

function index(tokenize?: (text: string) => string[]) {
  const search = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], ...(tokenize ? { tokenize } : {}) });
  search.addAll([
    { id: "timeOut", text: TIMEOUT_ZH },
    { id: "interval", text: "健康检查间隔，默认值：5，可选值：5-300，单位：秒。" },
  ]);
  return search;
}

describe("CJK search terms", () => {
  it("find a Chinese word inside a phrase, which MiniSearch's own terms miss", () => {
    expect(index().search("超时").map((r) => r.id)).toEqual([]);
    expect(index(tokenizeWithCjk).search("超时").map((r) => r.id)).toEqual(["timeOut"]);
    expect(index(tokenizeWithCjk).search("响应超时")[0]?.id).toBe("timeOut");
    expect(index(tokenizeWithCjk).search("间隔").map((r) => r.id)).toEqual(["interval"]);
  });

  it("leave English terms as MiniSearch makes them", () => {
    const defaultTokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];
    expect(tokenizeWithCjk(TIMEOUT_EN)).toEqual(defaultTokenize(TIMEOUT_EN));
    expect(tokenizeWithCjk("timeOut intervalTime")).toEqual(["timeOut", "intervalTime"]);
  });

  it("are words and neighbouring character pairs of each Chinese run", () => {
    const terms = tokenizeWithCjk("响应超时 timeOut");
    expect(terms).toEqual(expect.arrayContaining(["响应超时", "timeOut", "响应", "应超", "超时"]));
  });

  it("come out the same from the function's source text, revived the way VitePress hands it to the browser", () => {
    const revived = new Function(`return ${tokenizeWithCjk.toString()}`)() as typeof tokenizeWithCjk;
    for (const text of [TIMEOUT_ZH, TIMEOUT_EN, "响应超时 timeOut"]) expect(revived(text)).toEqual(tokenizeWithCjk(text));
  });
});
