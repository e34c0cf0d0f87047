/**
 * Print-friendly PDF score reports: one report per student, each starting on a new page.
 *
 * Pure: records in, bytes out. No database, no request. Uses pdfkit's built-in Helvetica
 * (standard PDF fonts, WinAnsi encoding), so nothing is loaded from disk per document and all
 * text is real, selectable text. Layout is positioned by hand (no pdfkit line wrapping), which
 * keeps rendering fast (100 students in a few tens of milliseconds) and pagination under our
 * control: nothing ever spills past the bottom margin silently; a long exam list continues on
 * a new page with the student's name and the table header repeated.
 *
 * Output is deterministic for identical input: the document's CreationDate/ModDate are the
 * given `generatedAt`, and pdfkit derives the file ID from the document info.
 */
import PDFDocument from "pdfkit";
import type { ExamResult, PostalAddress, StudentRecord } from "./record";
import { AWARD_TYPES, EXAM_CODES, GENDER_CODES, IRREGULARITY_CODES, NO_GRADE_IRREGULARITIES, SCORE_MEANINGS } from "./codes";

export interface ScoreReportPdfInput {
  record: StudentRecord;
  /** When the scores were released to the receiving institution. */
  releasedAt: Date;
}

export interface ScoreReportPdfOptions {
  /** The moment the file is produced; printed as "Report date" and used as CreationDate. */
  generatedAt: Date;
  /** Receiving institution as shown in the page header. */
  institutionName: string;
  /** Receiving institution's DI code as shown in the page header. */
  diCode: string;
  /** IANA time zone for printed dates; default "America/New_York". */
  timeZone?: string;
}

export const PDF_AUTHOR = "AP Higher Education Score Reports";
export const DEFAULT_TIME_ZONE = "America/New_York";

// ---- page geometry (points; US Letter 612 × 792) ---------------------------------------------

const PAGE_W = 612;
const PAGE_H = 792;
const MARGIN_X = 54; // 0.75 in
const MARGIN_TOP = 44;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const RIGHT = PAGE_W - MARGIN_X;
const FOOTER_Y = PAGE_H - 38;
/** Nothing in the body is drawn below this line. */
const CONTENT_BOTTOM = FOOTER_Y - 14;

const FONT = "Helvetica";
const FONT_BOLD = "Helvetica-Bold";
const FONT_ITALIC = "Helvetica-Oblique";

const COLOR_TEXT = "#111111";
const COLOR_MUTED = "#555555";
const COLOR_ACCENT = "#1d3557";
const COLOR_RULE = "#c8ced6";
const COLOR_BAND = "#eef1f5";

// exam table columns
const COL_YEAR_X = MARGIN_X + 6;
const COL_EXAM_X = MARGIN_X + 52;
const COL_SCORE_X = MARGIN_X + 282;
const COL_SCORE_W = RIGHT - 6 - COL_SCORE_X;
const COL_EXAM_W = COL_SCORE_X - 10 - COL_EXAM_X;
const TABLE_HEADER_H = 16;
const ROW_H = 13;
const NOTE_H = 9;
const EXAM_SIZE = 9;
const NOTE_SIZE = 7.5;

// ---- text helpers ---------------------------------------------------------------------------

/** Code points (beyond Latin-1) the standard fonts' WinAnsi encoding can show. */
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020,
  0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const NEEDS_CLEANING = /[^\u0020-\u007e\u00a0-\u00ff]/;

/**
 * Make a string safe for the standard (WinAnsi) fonts: control characters become spaces,
 * accented letters outside Latin-1 lose their accents (NFD), anything else becomes "?".
 */
export function toWinAnsi(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp)) {
      out += ch;
    } else if (cp < 0x20 || cp === 0x7f) {
      out += " ";
    } else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += base.length > 0 && [...base].every((c) => c.codePointAt(0)! <= 0xff) ? base : "?";
    }
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

/** Current font and size, as last set by style() (rendering is synchronous, one doc at a time). */
const current = { font: FONT, size: 10 };
/** Advance width per point of font size, memoised per font: labels, exam names and scores repeat a lot. */
const widthMemo = new Map<string, number>();
const WIDTH_MEMO_MAX = 20_000;

/** Width of `text` at the current font and size (same as doc.widthOfString, memoised). */
function measure(doc: Doc, text: string): number {
  const key = `${current.font}\0${text}`;
  let perPoint = widthMemo.get(key);
  if (perPoint === undefined) {
    perPoint = doc.widthOfString(text) / current.size;
    if (widthMemo.size >= WIDTH_MEMO_MAX) widthMemo.clear();
    widthMemo.set(key, perPoint);
  }
  return perPoint * current.size;
}

/** Truncate with an ellipsis so the text fits `width` at the current font and size. */
function fit(doc: Doc, text: string, width: number): string {
  if (measure(doc, text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(text.slice(0, mid).trimEnd() + "…") <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo).trimEnd() + "…";
}

/** Greedy word wrap at the current font and size (no pdfkit line wrapper: cheap and predictable). */
function wrap(doc: Doc, text: string, width: number): string[] {
  if (measure(doc, text) <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(doc, candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fit(doc, l, width));
}

interface TextStyle {
  font?: string;
  size: number;
  color?: string;
}

function style(doc: Doc, s: TextStyle): void {
  current.font = s.font ?? FONT;
  current.size = s.size;
  doc
    .font(current.font)
    .fontSize(s.size)
    .fillColor(s.color ?? COLOR_TEXT);
}

/** Draw one line at (x, y) (top of the line box), never wrapping, never paginating. */
function put(doc: Doc, text: string, x: number, y: number, maxWidth?: number): void {
  const safe = toWinAnsi(text);
  doc.text(maxWidth === undefined ? safe : fit(doc, safe, maxWidth), x, y, { lineBreak: false });
}

/** Draw one line right-aligned so that it ends at `right`. */
function putRight(doc: Doc, text: string, right: number, y: number, maxWidth?: number): void {
  let safe = toWinAnsi(text);
  if (maxWidth !== undefined) safe = fit(doc, safe, maxWidth);
  doc.text(safe, right - measure(doc, safe), y, { lineBreak: false });
}

function rule(doc: Doc, y: number, color = COLOR_RULE, width = 0.5, x1 = MARGIN_X, x2 = RIGHT): void {
  doc.save().lineWidth(width).strokeColor(color).moveTo(x1, y).lineTo(x2, y).stroke().restore();
}

// ---- value formatting -------------------------------------------------------------------------

export function formatStudentName(r: Pick<StudentRecord, "lastName" | "firstName" | "middleInitial">): string {
  const last = r.lastName.trim();
  const first = r.firstName.trim();
  const mi = r.middleInitial.trim();
  const given = [first, mi ? `${mi}.` : ""].filter(Boolean).join(" ");
  return last && given ? `${last}, ${given}` : last || given;
}

/** "YYYY-MM-DD" → "MM/DD/YYYY"; anything else is shown as given. */
export function formatIsoDateUs(iso: string | null): string {
  if (!iso) return "Not reported";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
}

function formatZip(zip: string): string {
  const z = zip.trim();
  return /^\d{9}$/.test(z) ? `${z.slice(0, 5)}-${z.slice(5)}` : z;
}

/**
 * Address lines for printing. The layout has no separate city field: the city is carried in
 * the street lines, normally the last one, so state and ZIP are appended to the last line when
 * there are two or more lines ("Springfield, IL 62701"), and put on a line of their own otherwise.
 */
export function formatAddressLines(a: PostalAddress, countryCode?: string): string[] {
  const lines = a.lines.map((l) => l.trim()).filter(Boolean);
  const stateZip = [a.state.trim(), formatZip(a.zip)].filter(Boolean).join(" ");
  if (stateZip) {
    if (lines.length >= 2) lines[lines.length - 1] = `${lines[lines.length - 1]}, ${stateZip}`;
    else lines.push(stateZip);
  }
  const country = countryCode?.trim().toUpperCase();
  if (country && !["US", "USA", "000", "840"].includes(country)) lines.push(`Country code ${country}`);
  return lines;
}

function genderLabel(code: string): string {
  const c = code.trim().toUpperCase();
  return Object.hasOwn(GENDER_CODES, c) ? GENDER_CODES[c as keyof typeof GENDER_CODES] : c || "Not reported";
}

export function examName(code: string): string {
  return Object.hasOwn(EXAM_CODES, code) ? EXAM_CODES[code as keyof typeof EXAM_CODES] : `Exam code ${code}`;
}

function irregularityText(code: string): string {
  return Object.hasOwn(IRREGULARITY_CODES, code) ? IRREGULARITY_CODES[code as keyof typeof IRREGULARITY_CODES] : `Irregularity code ${code}`;
}

function awardName(code: string): string {
  return Object.hasOwn(AWARD_TYPES, code) ? AWARD_TYPES[code as keyof typeof AWARD_TYPES] : `Award code ${code}`;
}

export interface ExamScoreDisplay {
  /** Main text of the score cell: "4 — Well qualified", "Withheld", "Score not yet available"… */
  score: string;
  /** Whether a grade is shown (false for withheld / canceled / not yet available). */
  graded: boolean;
  /** Further lines under the score: the withheld explanation, other irregularity notes. */
  notes: string[];
}

/**
 * What the score cell of one exam shows. A no-grade irregularity (NO_GRADE_IRREGULARITIES)
 * hides the score whatever the record carries: code 98 shows "Withheld" with its explanation,
 * the others show their explanation. Other irregularity codes are listed as notes.
 */
export function examScoreDisplay(exam: ExamResult): ExamScoreDisplay {
  const codes = exam.irregularityCodes.map((c) => c.trim()).filter(Boolean);
  const noGrade = codes.find((c) => NO_GRADE_IRREGULARITIES.has(c));
  const notes: string[] = [];
  let score: string;
  let graded = false;
  if (noGrade === "98") {
    score = "Withheld";
    notes.push(irregularityText("98"));
  } else if (noGrade !== undefined) {
    score = irregularityText(noGrade);
  } else if (exam.score !== null && Object.hasOwn(SCORE_MEANINGS, exam.score)) {
    score = `${exam.score} — ${SCORE_MEANINGS[exam.score as keyof typeof SCORE_MEANINGS]}`;
    graded = true;
  } else if (exam.score !== null) {
    score = String(exam.score);
    graded = true;
  } else {
    score = "Score not available";
  }
  for (const c of codes) {
    if (c === noGrade) continue;
    notes.push(`Note: ${irregularityText(c)} (code ${c})`);
  }
  return { score, graded, notes };
}

/** Year descending, then subject name, then exam code (stable for equal names). */
export function sortExamsForReport(exams: readonly ExamResult[]): ExamResult[] {
  return [...exams].sort(
    (a, b) => b.adminYear - a.adminYear || examName(a.examCode).localeCompare(examName(b.examCode), "en") || a.examCode.localeCompare(b.examCode),
  );
}

// ---- rendering ----------------------------------------------------------------------------------

interface RenderContext {
  doc: Doc;
  options: Required<ScoreReportPdfOptions>;
  dateFormat: Intl.DateTimeFormat;
  /** For each page (0-based), the student it belongs to (footer text). */
  pageOwners: Array<{ name: string; apId: string } | null>;
}

function newPage(ctx: RenderContext, owner: { name: string; apId: string } | null): void {
  ctx.doc.addPage();
  ctx.pageOwners.push(owner);
}

/** Page header: title, receiving institution and DI code; returns the y below it. */
function drawPageHeader(ctx: RenderContext, continued: boolean): number {
  const { doc, options } = ctx;
  const y = MARGIN_TOP;
  style(doc, { font: FONT_BOLD, size: 18, color: COLOR_ACCENT });
  put(doc, continued ? "AP Score Report (continued)" : "AP Score Report", MARGIN_X, y);
  style(doc, { font: FONT_BOLD, size: 10, color: COLOR_TEXT });
  putRight(doc, options.institutionName, RIGHT, y + 1, 280);
  style(doc, { size: 8.5, color: COLOR_MUTED });
  putRight(doc, `DI code ${options.diCode}`, RIGHT, y + 13);
  rule(doc, y + 27, COLOR_ACCENT, 1.5);
  return y + 36;
}

function drawStudentBanner(ctx: RenderContext, r: StudentRecord, y: number, size: number): number {
  const { doc } = ctx;
  style(doc, { font: FONT_BOLD, size, color: COLOR_TEXT });
  const idText = `AP ID ${r.apId}`;
  style(doc, { font: FONT_BOLD, size: 10 });
  const idW = measure(doc, toWinAnsi(idText));
  putRight(doc, idText, RIGHT, y + (size - 10) * 0.8);
  style(doc, { font: FONT_BOLD, size, color: COLOR_TEXT });
  put(doc, formatStudentName(r), MARGIN_X, y, CONTENT_W - idW - 16);
  return y + size + 8;
}

interface InfoColumn {
  title: string;
  lines: Array<{ label?: string; text: string; bold?: boolean }>;
}

function drawInfoColumns(ctx: RenderContext, columns: InfoColumn[], y: number): number {
  const { doc } = ctx;
  const gap = 16;
  const colW = (CONTENT_W - gap * (columns.length - 1)) / columns.length;
  let bottom = y;
  columns.forEach((col, i) => {
    const x = MARGIN_X + i * (colW + gap);
    let cy = y;
    style(doc, { font: FONT_BOLD, size: 7.5, color: COLOR_ACCENT });
    put(doc, col.title.toUpperCase(), x, cy);
    cy += 11;
    for (const line of col.lines) {
      let tx = x;
      if (line.label) {
        style(doc, { size: 8.5, color: COLOR_MUTED });
        const label = `${line.label} `;
        put(doc, label, x, cy);
        tx += measure(doc, label);
      }
      style(doc, { font: line.bold ? FONT_BOLD : FONT, size: 8.5, color: COLOR_TEXT });
      put(doc, line.text, tx, cy, x + colW - tx);
      cy += 11;
    }
    bottom = Math.max(bottom, cy);
  });
  return bottom;
}

function drawSectionTitle(ctx: RenderContext, title: string, y: number): number {
  const { doc } = ctx;
  style(doc, { font: FONT_BOLD, size: 10.5, color: COLOR_ACCENT });
  put(doc, title, MARGIN_X, y);
  return y + 15;
}

function drawTableHeader(ctx: RenderContext, y: number): number {
  const { doc } = ctx;
  doc.save().rect(MARGIN_X, y, CONTENT_W, TABLE_HEADER_H).fill(COLOR_BAND).restore();
  style(doc, { font: FONT_BOLD, size: 8, color: COLOR_ACCENT });
  const ty = y + 4.5;
  put(doc, "YEAR", COL_YEAR_X, ty);
  put(doc, "EXAM", COL_EXAM_X, ty);
  put(doc, "SCORE", COL_SCORE_X, ty);
  return y + TABLE_HEADER_H;
}

/** Start a continuation page for the same student; returns the y where content may resume. */
function continuationPage(ctx: RenderContext, r: StudentRecord, owner: { name: string; apId: string }): number {
  newPage(ctx, owner);
  const y = drawPageHeader(ctx, true);
  return drawStudentBanner(ctx, r, y, 12) + 2;
}

function renderStudent(ctx: RenderContext, input: ScoreReportPdfInput): void {
  const { doc, options } = ctx;
  const r = input.record;
  const owner = { name: formatStudentName(r), apId: r.apId };
  newPage(ctx, owner);
  doc.outline.addItem(toWinAnsi(`${owner.name} (${r.apId})`));

  let y = drawPageHeader(ctx, false);
  y = drawStudentBanner(ctx, r, y, 15);

  // identity / high school / receiving institution
  const college = r.college;
  const collegeName = college.name.trim() || options.institutionName;
  const collegeDi = college.diCode.trim() || options.diCode;
  y = drawInfoColumns(
    ctx,
    [
      {
        title: "Student",
        lines: [
          { label: "Date of birth", text: formatIsoDateUs(r.dateOfBirth) },
          { label: "Gender", text: genderLabel(r.gender) },
          ...formatAddressLines(r.address, r.address.countryCode).map((text) => ({ text })),
        ],
      },
      {
        title: "High school",
        lines: [
          { text: r.highSchool.name.trim() || "Not reported", bold: true },
          { label: "AI code", text: r.highSchool.aiCode.trim() || "—" },
          ...formatAddressLines(r.highSchool.address).map((text) => ({ text })),
        ],
      },
      {
        title: "Receiving institution",
        lines: [{ text: collegeName, bold: true }, { label: "DI code", text: collegeDi }, ...formatAddressLines(college.address).map((text) => ({ text }))],
      },
    ],
    y,
  );
  y += 6;
  rule(doc, y);
  y += 8;

  // exams
  y = drawSectionTitle(ctx, "AP Exam scores", y);
  const exams = sortExamsForReport(r.exams);
  if (exams.length === 0) {
    style(doc, { font: FONT_ITALIC, size: EXAM_SIZE, color: COLOR_MUTED });
    put(doc, "No AP Exam results on this report.", MARGIN_X, y);
    y += ROW_H;
  } else {
    y = drawTableHeader(ctx, y);
    let prevYear: number | null = null;
    for (const exam of exams) {
      const display = examScoreDisplay(exam);
      style(doc, { size: NOTE_SIZE, font: FONT });
      const noteLines = display.notes.flatMap((n) => wrap(doc, toWinAnsi(n), COL_SCORE_W));
      const rowH = ROW_H + noteLines.length * NOTE_H;
      if (y + rowH > CONTENT_BOTTOM) {
        y = continuationPage(ctx, r, owner);
        y = drawSectionTitle(ctx, "AP Exam scores (continued)", y);
        y = drawTableHeader(ctx, y);
        prevYear = null;
      }
      if (prevYear !== null && prevYear !== exam.adminYear) rule(doc, y, COLOR_ACCENT, 0.75);
      const ty = y + 3;
      style(doc, { font: FONT_BOLD, size: EXAM_SIZE });
      put(doc, String(exam.adminYear), COL_YEAR_X, ty);
      style(doc, { font: FONT, size: EXAM_SIZE });
      put(doc, examName(exam.examCode), COL_EXAM_X, ty, COL_EXAM_W);
      if (display.graded) style(doc, { font: FONT_BOLD, size: EXAM_SIZE });
      else style(doc, { font: FONT_ITALIC, size: EXAM_SIZE, color: COLOR_TEXT });
      put(doc, display.score, COL_SCORE_X, ty, COL_SCORE_W);
      let ny = y + ROW_H - 1;
      style(doc, { font: FONT_ITALIC, size: NOTE_SIZE, color: COLOR_MUTED });
      for (const line of noteLines) {
        doc.text(line, COL_SCORE_X, ny, { lineBreak: false });
        ny += NOTE_H;
      }
      y += rowH;
      rule(doc, y);
      prevYear = exam.adminYear;
    }
  }
  y += 10;

  // awards
  const awards = [...r.awards].sort((a, b) => b.year - a.year || a.type.localeCompare(b.type));
  const awardRows = Math.max(1, Math.ceil(awards.length / 2));
  if (y + 15 + awardRows * 12 > CONTENT_BOTTOM) y = continuationPage(ctx, r, owner);
  y = drawSectionTitle(ctx, "AP Awards", y);
  if (awards.length === 0) {
    style(doc, { font: FONT_ITALIC, size: EXAM_SIZE, color: COLOR_MUTED });
    put(doc, "None reported", MARGIN_X, y);
  } else {
    const colW = CONTENT_W / 2;
    awards.forEach((a, i) => {
      const x = MARGIN_X + (i % 2) * colW;
      const ay = y + Math.floor(i / 2) * 12;
      style(doc, { font: FONT, size: EXAM_SIZE });
      const name = `${awardName(a.type)} `;
      put(doc, name, x, ay, colW - 40);
      const w = Math.min(measure(doc, toWinAnsi(name)), colW - 40);
      style(doc, { size: EXAM_SIZE, color: COLOR_MUTED });
      put(doc, `(${a.year})`, x + w, ay);
    });
  }
  y += awardRows * 12 + 6;

  // dates
  if (y + 30 > CONTENT_BOTTOM) y = continuationPage(ctx, r, owner);
  rule(doc, y);
  y += 8;
  const dates: Array<[string, string]> = [
    ["Date scores released to your institution", ctx.dateFormat.format(input.releasedAt)],
    ["Report date", ctx.dateFormat.format(options.generatedAt)],
  ];
  dates.forEach(([label, value], i) => {
    const x = MARGIN_X + i * (CONTENT_W / 2);
    style(doc, { size: 7.5, color: COLOR_MUTED });
    put(doc, label, x, y);
    style(doc, { font: FONT_BOLD, size: 9.5 });
    put(doc, value, x, y + 10);
  });
}

function drawFooters(ctx: RenderContext): void {
  const { doc } = ctx;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    rule(doc, FOOTER_Y - 5);
    const owner = ctx.pageOwners[i];
    style(doc, { size: 7.5, color: COLOR_MUTED });
    const pageText = `Page ${i + 1} of ${total}`;
    putRight(doc, pageText, RIGHT, FOOTER_Y);
    const left = owner ? `${owner.name} · AP ID ${owner.apId} · ${PDF_AUTHOR}` : PDF_AUTHOR;
    put(doc, left, MARGIN_X, FOOTER_Y, CONTENT_W - measure(doc, pageText) - 20);
  }
}

/**
 * Render the score reports as one PDF, one report per student (each on a new page). Returns
 * the finished pdfkit document, a readable stream of the PDF bytes (already ended: pipe it).
 */
export function renderScoreReportsPdf(reports: readonly ScoreReportPdfInput[], options: ScoreReportPdfOptions): PDFKit.PDFDocument {
  const opts: Required<ScoreReportPdfOptions> = { timeZone: DEFAULT_TIME_ZONE, ...options };
  const doc = new PDFDocument({
    size: "LETTER",
    margins: { top: MARGIN_TOP, bottom: PAGE_H - CONTENT_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    lang: "en-US",
    displayTitle: true,
    info: {
      Title: toWinAnsi(`AP Score Reports — ${opts.institutionName} (DI ${opts.diCode})`),
      Author: PDF_AUTHOR,
      Subject: `${reports.length} student score report${reports.length === 1 ? "" : "s"}`,
      Creator: PDF_AUTHOR,
      Producer: PDF_AUTHOR,
      CreationDate: opts.generatedAt,
      ModDate: opts.generatedAt,
    },
  });
  const ctx: RenderContext = {
    doc,
    options: opts,
    dateFormat: new Intl.DateTimeFormat("en-US", {
      timeZone: opts.timeZone,
      year: "numeric",
      month: "long",
      day: "numeric",
    }),
    pageOwners: [],
  };

  if (reports.length === 0) {
    newPage(ctx, null);
    const y = drawPageHeader(ctx, false);
    style(doc, { font: FONT_ITALIC, size: 10, color: COLOR_MUTED });
    put(doc, "No score reports to show.", MARGIN_X, y + 10);
  }
  for (const report of reports) renderStudent(ctx, report);
  drawFooters(ctx);
  doc.end();
  return doc;
}

/** Collect a readable stream into one Buffer. */
export function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer | string) => chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** Same as renderScoreReportsPdf, collected into one Buffer. */
export function renderScoreReportsPdfBuffer(reports: readonly ScoreReportPdfInput[], options: ScoreReportPdfOptions): Promise<Buffer> {
  return streamToBuffer(renderScoreReportsPdf(reports, options));
}
