import * as prettier from "prettier";
import type { OutputFile } from "../render/handlebars.js";

/** Pinned here, not read from any config file, so output never depends on the machine. */
const OPTIONS: prettier.Options = {
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
  proseWrap: "preserve",
};

const PARSERS: Record<string, string> = { ".ts": "typescript", ".json": "json", ".md": "markdown", ".mts": "typescript" };

/** Formats every file prettier knows by its extension; others pass through with LF endings. */
export async function formatFiles(files: OutputFile[]): Promise<OutputFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const parser = PARSERS[extension(file.path)];
      const text = file.contents.replace(/\r\n/g, "\n");
      if (!parser) return { path: file.path, contents: text };
      try {
        return { path: file.path, contents: await prettier.format(text, { ...OPTIONS, parser }) };
      } catch (error) {
        throw new Error(`internal: generated ${file.path} does not parse: ${(error as Error).message}`);
      }
    }),
  );
}

function extension(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? "" : path.slice(dot);
}
