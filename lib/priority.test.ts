import { describe, expect, it } from "vitest";
import { giveWay, interactiveInFlight, interactiveRequestStarted, isBulkStreamPath } from "@/lib/priority";

describe("pages before bulk streams", () => {
  it("tells bulk file bodies from everything else", () => {
    expect(isBulkStreamPath("/api/bulk/files/42/download")).toBe(true);
    expect(isBulkStreamPath("/api/bulk/files/42/download?x=1")).toBe(true);
    expect(isBulkStreamPath("/aposrd-api-prod/files/42/file.txt?X-Expires=1&X-Signature=ab")).toBe(true);
    expect(isBulkStreamPath("/api/bulk/files")).toBe(false);
    expect(isBulkStreamPath("/dashboard")).toBe(false);
    expect(isBulkStreamPath("/aposrd-api-prod/fileGeneration")).toBe(false);
    expect(isBulkStreamPath("/api/bulk/files/42/download/../../admin")).toBe(false);
  });

  it("a stream goes on at once when no page is in flight, waits while one is, and resumes when it ends", async () => {
    let t = performance.now();
    await giveWay(1000);
    expect(performance.now() - t).toBeLessThan(200);

    const ended = interactiveRequestStarted();
    expect(interactiveInFlight()).toBe(1);
    t = performance.now();
    let resumed = false;
    const waiting = giveWay(5000).then(() => (resumed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(resumed).toBe(false);
    ended();
    ended(); // ending twice counts once
    await waiting;
    expect(performance.now() - t).toBeLessThan(2000);
    expect(interactiveInFlight()).toBe(0);
  });

  it("never waits longer than its limit, however long a page takes", async () => {
    const ended = interactiveRequestStarted();
    try {
      const t = performance.now();
      await giveWay(50);
      const waited = performance.now() - t;
      expect(waited).toBeGreaterThanOrEqual(45);
      expect(waited).toBeLessThan(2000);
    } finally {
      ended();
    }
  });
});
