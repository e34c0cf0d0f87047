import { describe, expect, it } from "vitest";
import { boundaryProblems, importsOf, staleBackEdges } from "./boundaries";
import { structureProblems } from "./structure";

describe("the structure check", () => {
  it("accepts the vocabulary in domain folders and anything in infrastructure folders", () => {
    const files = [
      "lib/errors.ts",
      "lib/dates.test.ts",
      "lib/foo/queries.ts",
      "lib/foo/mutations.ts",
      "lib/foo/foo.test.ts",
      "lib/http/whatever.ts",
      "app/api/x/route.ts",
      "app/api/x/route.test.ts",
    ];
    expect(structureProblems(files).problems).toEqual([]);
  });

  it("names files outside the vocabulary, subfolders, new root files and helpers in route folders", () => {
    const { problems } = structureProblems(["lib/foo/helpers.ts", "lib/foo/bar/queries.ts", "lib/utils.ts", "app/api/x/helper.ts"]);
    expect(problems.map((p) => p.split(":")[0])).toEqual(["lib/foo/helpers.ts", "lib/foo/bar/queries.ts", "lib/utils.ts", "app/api/x/helper.ts"]);
  });

  it("reports grandfathered files that are gone, so the list only shrinks", () => {
    expect(structureProblems(["lib/errors.ts"]).stale).toContain("lib/bulk/stream.ts");
  });
});

describe("the import boundary check", () => {
  const sources: Record<string, string> = {
    "app/page.tsx": 'import { prisma } from "@/lib/db";\nimport { x } from "@/lib/a/queries";',
    "app/api/t/route.test.ts": 'import { prisma } from "@/lib/db";',
    "components/ui/x.tsx": 'import { y } from "../../app/page";',
    "lib/db.ts": "",
    "lib/a/queries.ts": 'import { b } from "../b/queries";\nimport { d } from "@/prisma/demo-data";',
    "lib/b/queries.ts": 'import type { a } from "@/lib/a/queries";\nimport { f } from "@/lib/test/factories";',
    "lib/a/a.test.ts": 'import { d } from "@/prisma/demo-data";\nimport { f } from "@/lib/test/factories";',
    "lib/test/factories.ts": "",
    "prisma/demo-data.ts": 'import { q } from "next/server";',
  };
  const edges = importsOf(Object.keys(sources), (f) => sources[f]!);

  it("resolves the @/ alias and relative paths, and skips packages", () => {
    expect(edges).toContainEqual({ from: "lib/a/queries.ts", to: "lib/b/queries.ts" });
    expect(edges).toContainEqual({ from: "components/ui/x.tsx", to: "app/page.tsx" });
    expect(edges.some((e) => e.from === "prisma/demo-data.ts")).toBe(false);
  });

  it("names every forbidden import and the folder cycle, and lets tests use the database and the factories", () => {
    const problems = boundaryProblems(edges);
    expect(problems).toHaveLength(5);
    expect(problems.filter((p) => p.startsWith("app/page.tsx imports lib/db.ts"))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith("components/ui/x.tsx imports app/page.tsx"))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith("lib/a/queries.ts imports prisma/demo-data.ts"))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith("lib/b/queries.ts imports lib/test/factories.ts"))).toHaveLength(1);
    expect(problems.filter((p) => p.includes("lib/a ↔ lib/b"))).toHaveLength(1);
    expect(problems.some((p) => p.startsWith("app/api/t/route.test.ts") || p.startsWith("lib/a/a.test.ts"))).toBe(false);
  });

  it("lets a known back edge close a cycle, and reports known edges that are gone", () => {
    const known = { "lib/b/queries.ts -> lib/a/queries.ts": "test", "lib/x/gone.ts -> lib/a/queries.ts": "test" };
    expect(boundaryProblems(edges, known).some((p) => p.includes("lib/a ↔ lib/b"))).toBe(false);
    expect(boundaryProblems(edges, known)).toHaveLength(4);
    expect(staleBackEdges(edges, known)).toEqual(["lib/x/gone.ts -> lib/a/queries.ts"]);
  });
});
