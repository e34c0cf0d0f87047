import net from "node:net";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { route } from "@/lib/http/route";

const ctx = { params: Promise.resolve({}) };

/** A port nothing listens on: a database that is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("database unavailable", () => {
  it("answers an API call whose Prisma query cannot reach the database with 503, Retry-After and a clear message", async () => {
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${await deadPort()}/x`, connectionTimeoutMillis: 2000 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    try {
      const handler = route(async () => Response.json(await prisma.user.count()));
      const response = await handler(new Request("http://x/api/t"), ctx);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/database cannot be reached/) });
    } finally {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    }
  });

  it("treats a raw pool query (the streaming paths) that cannot connect the same way", async () => {
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${await deadPort()}/x`, connectionTimeoutMillis: 2000 });
    try {
      const handler = route(async () => {
        await pool.query("SELECT 1");
        return Response.json({});
      });
      const response = await handler(new Request("http://x/api/t"), ctx);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
    } finally {
      await pool.end().catch(() => {});
    }
  });
});
