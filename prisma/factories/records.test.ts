import { describe, expect, it } from "vitest";
import { AWARD_TYPES, EXAM_CODES, IRREGULARITY_CODES, NO_GRADE_IRREGULARITIES } from "@/lib/formats/codes";
import { SAMPLE_COLLEGE, createRng, sampleRecords } from "@/prisma/factories/records";

describe("createRng", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("draws integers in an inclusive range, reaching both ends", () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it("picks, flips and shuffles", () => {
    const rng = createRng(2);
    expect(["a", "b"]).toContain(rng.pick(["a", "b"]));
    expect(() => rng.pick([])).toThrow();
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(rng.chars("AB", 6)).toMatch(/^[AB]{6}$/);
  });
});

describe("sampleRecords", () => {
  it("is deterministic: same count and seed, same records", () => {
    expect(sampleRecords(10, 7)).toEqual(sampleRecords(10, 7));
    expect(sampleRecords(10, 7)).not.toEqual(sampleRecords(10, 8));
    expect(sampleRecords()).toHaveLength(25);
  });

  it("gives distinct eight-character AP IDs", () => {
    const ids = sampleRecords(500, 3).map((r) => r.apId);
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => /^[A-Z0-9]{8}$/.test(id))).toBe(true);
  });

  it("addresses every record to Example University, DI code 5818", () => {
    for (const record of sampleRecords(20)) {
      expect(record.college).toEqual(SAMPLE_COLLEGE);
      expect(record.college.diCode).toBe("5818");
      expect(record.college.address).toMatchObject({ state: "NY", zip: "10023" });
    }
  });

  it("uses only real exam, irregularity and award codes, with no grade under a no-grade irregularity", () => {
    const records = sampleRecords(300, 1);
    const exams = records.flatMap((r) => r.exams);
    expect(exams.length).toBeGreaterThan(300);
    for (const exam of exams) {
      expect(Object.keys(EXAM_CODES)).toContain(exam.examCode);
      expect(exam.irregularityCodes.length).toBeLessThanOrEqual(2);
      for (const code of exam.irregularityCodes) expect(Object.keys(IRREGULARITY_CODES)).toContain(code);
      if (exam.irregularityCodes.some((c) => NO_GRADE_IRREGULARITIES.has(c))) expect(exam.score).toBeNull();
      else expect(exam.score).toBeGreaterThanOrEqual(1);
    }
    // The variety the sample file is meant to show.
    expect(exams.some((e) => e.score === null)).toBe(true);
    expect(exams.some((e) => e.irregularityCodes.length === 2)).toBe(true);
    expect(new Set(exams.map((e) => e.score)).size).toBe(6);
    expect(exams.some((e) => e.examCode === "69")).toBe(true);
    for (const award of records.flatMap((r) => r.awards)) expect(Object.keys(AWARD_TYPES)).toContain(award.type);
    expect(records.some((r) => r.awards.length > 0)).toBe(true);
  });

  it("follows the reporting year it is given", () => {
    const [record] = sampleRecords(1, 1, { reportYear: 2031 });
    expect(Math.max(...record!.exams.map((e) => e.adminYear))).toBe(2031);
    expect(record!.dateOfReport?.startsWith("2031-")).toBe(true);
  });

  it("does not share objects between records", () => {
    const [a, b] = sampleRecords(2);
    a!.college.address.lines.push("changed");
    expect(b!.college.address.lines).toEqual(SAMPLE_COLLEGE.address.lines);
  });
});
