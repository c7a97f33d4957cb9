// The SVG writer: every element drawn with its shape, names kept as text, and anything a name could smuggle in
// (markup, quotes, control characters) escaped so the file stays one well-formed SVG document.
import { describe, expect, it } from "vitest";
import { escapeXml, type Scene, type SceneNode, wrapLines, writeSvg } from "./svg";

function node(overrides: Partial<SceneNode>): SceneNode {
  return {
    id: "n",
    x: 0,
    y: 0,
    width: 40,
    height: 20,
    shape: "round-rectangle",
    fill: "rgb(37,99,235)",
    fillOpacity: 1,
    stroke: "none",
    strokeWidth: 0,
    label: "",
    labelColor: "rgb(17,24,39)",
    fontSize: 11,
    valign: "bottom",
    compound: false,
    opacity: 1,
    ...overrides,
  };
}

const scene = (nodes: SceneNode[], edges: Scene["edges"] = []): Scene => ({
  nodes,
  edges,
  background: "#ffffff",
  box: { x1: -100, y1: -50, x2: 100, y2: 50 },
});

describe("writeSvg", () => {
  it("draws each shape and keeps every name as text", () => {
    const svg = writeSvg(
      scene(
        [
          node({
            id: "engine:local",
            label: "local · Docker 26.1",
            shape: "round-rectangle",
            compound: true,
            valign: "top",
          }),
          node({ id: "network:a", label: "front\nbridge 10.0.0.0/24", shape: "round-rectangle" }),
          node({ id: "container:b", label: "web", shape: "ellipse", x: 50 }),
          node({ id: "network:c", label: "mesh", shape: "hexagon", x: -50 }),
          node({ id: "x", label: "box", shape: "rectangle" }),
        ],
        [
          {
            id: "endpoint:a:b",
            points: [
              { x: 0, y: 0 },
              { x: 50, y: 0 },
            ],
            color: "rgb(148,163,184)",
            width: 1.5,
            dashed: true,
            arrow: false,
            label: "10.0.0.3",
            labelColor: "#334155",
            fontSize: 9,
            opacity: 1,
          },
        ],
      ),
    );
    expect(
      svg.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="-124 -74 248 148"',
      ),
    ).toBe(true);
    expect(svg).toContain(
      '<tspan x="0" y="25">front</tspan><tspan x="0" y="38.2">bridge 10.0.0.0/24</tspan>',
    );
    expect(svg).toContain('<ellipse cx="50" cy="0" rx="20" ry="10"');
    expect(svg).toContain('<rect x="-20" y="-10" width="40" height="20" rx="5" ry="5"');
    expect(svg).toContain('<rect x="-20" y="-10" width="40" height="20" fill=');
    expect(svg).toMatch(/<polygon points="[^"]+" fill="rgb\(37,99,235\)"/);
    expect(svg).toContain(
      '<path d="M0,0 L50,0" fill="none" stroke="rgb(148,163,184)" stroke-width="1.5" stroke-dasharray="6 4"/>',
    );
    expect(svg).toContain(">10.0.0.3</tspan>");
    for (const name of ["local · Docker 26.1", "web", "mesh", "box"])
      expect(svg).toContain(`>${name}</tspan>`);
    // The box is drawn first, then the edge, then the nodes on top.
    expect(svg.indexOf('data-id="engine:local"')).toBeLessThan(svg.indexOf('data-id="endpoint:a:b"'));
    expect(svg.indexOf('data-id="endpoint:a:b"')).toBeLessThan(svg.indexOf('data-id="network:a"'));
  });

  it("wraps a long label at spaces as the canvas does, keeping short ones whole", () => {
    expect(wrapLines("bridge\nDocker's default bridge · 172.17.0.0/16", 11, 130)).toEqual([
      "bridge",
      "Docker's default",
      "bridge · 172.17.0.0/16",
    ]);
    expect(wrapLines("natest-0054cb-alpha-with-a-very-long-name", 11, 130)).toEqual([
      "natest-0054cb-alpha-with-a-very-long-name",
    ]);
    expect(wrapLines("a b", 11, null)).toEqual(["a b"]);
  });

  it("escapes names, ids and colours", () => {
    const svg = writeSvg(
      scene([
        node({ id: 'x"><script>', label: `<script>alert("x")</script> & 'b'\u0007`, fill: 'red" onload="x' }),
      ]),
      "Map <1>",
    );
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain('onload="x"');
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;b&apos;</tspan>");
    expect(svg).toContain('data-id="x&quot;&gt;&lt;script&gt;"');
    expect(svg).toContain("<title>Map &lt;1&gt;</title>");
    expect(escapeXml("a\u0000b\tc")).toBe("ab\tc");
  });
});
