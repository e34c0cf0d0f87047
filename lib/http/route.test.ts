import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http/route";

const ctx = { params: Promise.resolve({}) };

describe("route()", () => {
  it("answers expected errors with their status and message", async () => {
    const handler = route(async () => {
      throw new AppError("LOCKED", "locked for a while", { retryAfterSeconds: 60 });
    });
    const response = await handler(new Request("http://x/api/t"), ctx);
    expect(response.status).toBe(423);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(await response.json()).toEqual({ error: { code: "LOCKED", message: "locked for a while" } });
  });

  it("turns invalid JSON and schema failures into 400s naming the field", async () => {
    const schema = z.object({ email: z.email("Enter a valid email") });
    const handler = route(async (request) => Response.json(await readJson(request, schema)));
    const bad = await handler(new Request("http://x/api/t", { method: "POST", body: "{not json" }), ctx);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/valid JSON/);
    const wrong = await handler(new Request("http://x/api/t", { method: "POST", body: JSON.stringify({ email: "nope" }) }), ctx);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({ field: "email", message: "email: Enter a valid email" });
  });

  it("hides unexpected errors behind a generic 500", async () => {
    const handler = route(async () => {
      throw new Error("database password is hunter2");
    });
    const response = await handler(new Request("http://x/api/t"), ctx);
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("hunter2");
  });

  it("refuses oversized bodies with 413", async () => {
    const handler = route(async (request) => Response.json(await readJson(request, z.object({}), 10)));
    const response = await handler(new Request("http://x/api/t", { method: "POST", body: JSON.stringify({ a: "0123456789" }) }), ctx);
    expect(response.status).toBe(413);
  });

  it("refuses a chunked 50 MB body early, without reading it all", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const total = (50 * 1024 * 1024) / chunk.byteLength;
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ >= total) controller.close();
        else controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    // No Content-Length: the size is only known by counting.
    const request = new Request("http://x/api/t", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const handler = route(async (req) => Response.json(await readJson(req, z.object({}), 10_000)));
    const response = await handler(request, ctx);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(5);
    expect(cancelled).toBe(true);
  });
});
