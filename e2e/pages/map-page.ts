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
}
