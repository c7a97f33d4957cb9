// docs/labs.md shows a complete lab and a broken one with its errors: both are read from the page and checked
// here, so the page says what the parser does.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLab } from "./format";

const page = readFileSync(new URL("../../docs/labs.md", import.meta.url), "utf8");
const section = page.slice(page.indexOf("## Writing a lab"));
const blocks = (lang: string) =>
  [...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");

describe("docs/labs.md", () => {
  const [example, broken] = blocks("yaml");

  it("shows a complete example that validates", () => {
    const got = parseLab(example ?? "", "bridges-demo.yaml");
    expect("errors" in got ? got.errors : []).toEqual([]);
    if ("lab" in got) {
      expect(got.lab.steps[0]?.run[0]?.line).toBe(
        "docker run --label netatlas.lab=bridges-demo -d --name lab-web -p 8080:80 netatlas/lab:1 httpd -f -p 80 -h /tmp",
      );
      // The lines the page shows under "The lab label" are the ones the parser builds.
      for (const line of [got.lab.steps[0]?.run[0]?.line, got.lab.steps[1]?.run[2]?.line]) {
        expect(section).toContain(`\n${line}\n`);
      }
    }
  });

  it("shows the errors the broken example gives", () => {
    const got = parseLab(broken ?? "", "bridges.yaml");
    const shown = (blocks("text")[0] ?? "").trim().split("\n");
    expect("errors" in got ? got.errors : []).toEqual(shown);
    const syntax = parseLab("id: bridges\ntitle: x\nsummary: a: b\n", "bridges.yaml");
    expect("errors" in syntax ? syntax.errors : []).toEqual([
      "bridges.yaml line 3: YAML: Nested mappings are not allowed in compact mappings",
    ]);
    expect(section).toContain(`\`${"errors" in syntax ? syntax.errors[0] : ""}\``);
  });
});
