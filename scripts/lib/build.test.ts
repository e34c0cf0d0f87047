import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIsCurrent, dateBuild } from "./build";

let root: string;
const write = (file: string, at: number) => {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, "x");
  fs.utimesSync(full, at / 1000, at / 1000);
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "build-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("buildIsCurrent", () => {
  const t = Date.parse("2026-12-02T12:00:00Z");

  it("is current when the build is newer than every source, stale once a source changes after it", () => {
    expect(buildIsCurrent(root)).toBe(false);
    write("lib/a.ts", t);
    write(".next/BUILD_ID", t + 60_000);
    expect(buildIsCurrent(root)).toBe(true);
    write("lib/a.ts", t + 120_000);
    expect(buildIsCurrent(root)).toBe(false);
    // Tests do not go into the build.
    write(".next/BUILD_ID", t + 180_000);
    write("lib/a.test.ts", t + 240_000);
    expect(buildIsCurrent(root)).toBe(true);
  });

  it("is stale when a source was saved while the build ran (dated at its start)", () => {
    write("lib/a.ts", t);
    const startedAt = t + 60_000;
    write("lib/a.ts", t + 90_000); // saved during the build, which had already read it
    write(".next/BUILD_ID", t + 120_000); // the build ends
    expect(buildIsCurrent(root)).toBe(true); // what the finish time alone would say
    dateBuild(startedAt, root);
    expect(buildIsCurrent(root)).toBe(false);
  });
});
