import { describe, expect, it } from "vitest";
import type { ApiErrorDetail } from "@/lib/api/types";
import { ownWords, removalExplanation } from "./problem-text";

const docker = "error while removing network: network web id 1f2e has active endpoints";
const error = (patch: Partial<ApiErrorDetail>): ApiErrorDetail => ({
  code: "forbidden",
  message: `Could not remove network web: ${docker}`,
  detail: docker,
  ...patch,
});

describe("ownWords", () => {
  it("takes Docker's words off the end of our message, where they would be said twice", () => {
    expect(ownWords(`Could not remove network web: ${docker}`, docker)).toBe("Could not remove network web");
  });

  it("keeps a message that does not end with Docker's words, or is nothing else", () => {
    expect(ownWords('Network "web" is in use by 1 container (api).', null)).toBe(
      'Network "web" is in use by 1 container (api).',
    );
    expect(ownWords("Engine a did not answer in time.", "aborted")).toBe("Engine a did not answer in time.");
    expect(ownWords(`: ${docker}`, docker)).toBe(`: ${docker}`);
  });
});

describe("removalExplanation", () => {
  it("says why for Docker's refusal and for ours of a network in use", () => {
    expect(removalExplanation(error({}))).toContain("only once nothing uses it");
    expect(removalExplanation(error({ code: "conflict", detail: null }))).toContain(
      "disconnect its containers",
    );
  });

  it("adds nothing to a refusal that says it all (Docker's own network) or is not about the network", () => {
    expect(
      removalExplanation(
        error({ message: '"bridge" is one of Docker\'s own networks and cannot be removed.', detail: null }),
      ),
    ).toBeNull();
    expect(removalExplanation(error({ code: "engine_unreachable" }))).toBeNull();
  });

  it("says a network not found was removed elsewhere", () => {
    expect(removalExplanation(error({ code: "not_found" }))).toContain("removed elsewhere");
  });
});
