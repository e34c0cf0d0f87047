import { describe, expect, it } from "vitest";
import { onShutdown, shutdown } from "@/lib/shutdown";

describe("shutdown", () => {
  it("runs the steps last-registered first and gives up on a stuck step at the deadline", async () => {
    const order: string[] = [];
    onShutdown("database pool", () => void order.push("pool"));
    onShutdown("stuck", () => new Promise<void>(() => {}));
    onShutdown("job worker", async () => {
      await new Promise((r) => setTimeout(r, 50));
      order.push("worker");
    });
    const started = Date.now();
    const result = await shutdown(500);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(order).toEqual(["worker"]);
    expect(result.unfinished).toEqual(["stuck", "database pool"]);
    // A second signal gets the same outcome instead of running the steps again.
    expect(await shutdown(500)).toBe(result);
  });
});
