// Page object for the map: reads the canvas through its accessible twin (the lists of nodes and connections).
import { expect, type Locator, type Page } from "@playwright/test";

export class MapPage {
  readonly nodes: Locator;
  readonly connections: Locator;
  readonly details: Locator;

  constructor(readonly page: Page) {
    this.nodes = page.getByRole("list", { name: "Map nodes" });
    this.connections = page.getByRole("list", { name: "Map connections" });
    this.details = page.getByRole("region", { name: "Details" });
  }

  async open(baseURL?: string): Promise<void> {
    await this.page.goto(baseURL ? `${baseURL}/` : "/");
    await expect(this.page.getByRole("img", { name: /Network map/ })).toBeVisible();
  }

  node(text: string | RegExp): Locator {
    return this.nodes.getByRole("button", { name: text });
  }

  connection(text: string | RegExp): Locator {
    return this.connections.getByRole("button", { name: text });
  }

  /** Canvas and twin are filled from one model; a drawn canvas has a non-empty <canvas> layer. */
  async waitForCanvas(): Promise<void> {
    await expect(this.page.locator("canvas").first()).toBeVisible();
  }

  /**
   * Where a node is on screen: its saved model position (localStorage, as the map keeps it) through the
   * canvas's published view transform (data-zoom, data-pan-x, data-pan-y). No pixel reading, no global.
   */
  async screenPoint(elementId: string): Promise<{ x: number; y: number }> {
    const view = this.page.locator("[data-zoom]");
    await expect
      .poll(() =>
        this.page.evaluate(
          (id) => id in JSON.parse(localStorage.getItem("netatlas.positions.v1") ?? "{}"),
          elementId,
        ),
      )
      .toBe(true);
    const box = await view.boundingBox();
    const t = await view.evaluate((el) => ({
      zoom: Number((el as HTMLElement).dataset.zoom),
      x: Number((el as HTMLElement).dataset.panX),
      y: Number((el as HTMLElement).dataset.panY),
    }));
    const p = await this.page.evaluate(
      (id) =>
        JSON.parse(localStorage.getItem("netatlas.positions.v1") ?? "{}")[id] as { x: number; y: number },
      elementId,
    );
    if (!box) throw new Error("the map canvas is not on screen");
    return { x: box.x + p.x * t.zoom + t.x, y: box.y + p.y * t.zoom + t.y };
  }

  /** Drags one node onto another with the mouse, in small steps as a person would. */
  async dragNode(fromId: string, toId: string): Promise<void> {
    const from = await this.screenPoint(fromId);
    const to = await this.screenPoint(toId);
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 15 });
    await this.page.mouse.up();
  }
}
