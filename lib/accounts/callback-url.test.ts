import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./schema";

describe("safeCallbackUrl", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeCallbackUrl("/bulk?institution=1#files")).toBe("/bulk?institution=1#files");
    expect(safeCallbackUrl("/pdf")).toBe("/pdf");
  });

  it.each([
    ["tab-smuggled scheme-relative", "/\t/evil.example"],
    ["newline-smuggled", "/\n/evil.example"],
    ["carriage return", "/\r\n/evil.example"],
    ["scheme-relative", "//evil.example"],
    ["backslash", "/\\evil.example"],
    ["backslash after slash", "/\\/evil.example"],
    ["dot segment to scheme-relative", "/.//evil.example"],
    ["absolute", "https://evil.example/"],
    ["javascript", "javascript:alert(1)"],
    ["relative", "evil.example"],
    ["empty", ""],
  ])("sends %s to the dashboard", (_name, value) => {
    expect(safeCallbackUrl(value)).toBe("/dashboard");
  });

  it("never answers anything a browser would resolve off the origin", () => {
    for (const value of ["/a/../..//evil.example", "/%2F/evil.example", "/x/..%2F%2Fevil.example", "/ /evil"]) {
      const target = safeCallbackUrl(value);
      expect(new URL(target, "https://portal.example").origin).toBe("https://portal.example");
    }
  });
});
