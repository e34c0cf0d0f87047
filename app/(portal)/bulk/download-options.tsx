import { Field } from "@/components/ui/field";
import { RADIO } from "./format-options";

export type Option = "INCREMENTAL" | "FULL" | "CUSTOM";

export interface OptionLabels {
  /** null until the user's first full file: the incremental option is not available yet. */
  newCount: number | null;
  lastDownloadLabel: string | null;
  yearStartLabel: string;
  retentionStartLabel: string;
  minDate: string;
  maxDate: string;
}

/** "Bulk Report Download Options": incremental, full, or a custom date range. */
export function DownloadOptions({
  ids,
  option,
  onOption,
  range,
  onRange,
  errors,
  labels,
}: {
  ids: string;
  option: Option;
  onOption: (option: Option) => void;
  range: { start: string; end: string };
  onRange: (range: { start: string; end: string }) => void;
  errors: Record<string, string>;
  labels: OptionLabels;
}) {
  const incrementalAvailable = labels.newCount !== null;
  return (
    <fieldset className="space-y-3">
      <legend className="mb-2 text-base font-semibold text-brand-900">
        Bulk Report Download Options<span aria-hidden="true">*</span>
      </legend>

      <div className="flex gap-3">
        <input
          id={`${ids}-incremental`}
          type="radio"
          name="option"
          value="INCREMENTAL"
          checked={option === "INCREMENTAL"}
          disabled={!incrementalAvailable}
          aria-describedby={`${ids}-incremental-text`}
          onChange={() => onOption("INCREMENTAL")}
          className={RADIO}
        />
        <div>
          <label htmlFor={`${ids}-incremental`} className={`font-semibold ${incrementalAvailable ? "" : "text-slate-600"}`}>
            Incremental File:
          </label>{" "}
          {incrementalAvailable ? (
            <span id={`${ids}-incremental-text`} className="text-slate-800" data-testid="incremental-description">
              <span data-testid="incremental-count">{labels.newCount}</span> new score report(s) since your last incremental or full file TXT / CSV download on{" "}
              {labels.lastDownloadLabel}
            </span>
          ) : (
            <span id={`${ids}-incremental-text`} className="text-slate-700" data-testid="incremental-unavailable">
              Not available yet. Downloading the Full File activates your Incremental File option, which then holds only the score reports sent since your last
              incremental or full file TXT / CSV download.
            </span>
          )}
        </div>
      </div>

      <div className="flex gap-3">
        <input id={`${ids}-full`} type="radio" name="option" value="FULL" checked={option === "FULL"} onChange={() => onOption("FULL")} className={RADIO} />
        <div>
          <label htmlFor={`${ids}-full`} className="font-semibold">
            Full File:
          </label>{" "}
          <span className="text-slate-800">All score reports sent to your institution since {labels.yearStartLabel}</span>
        </div>
      </div>

      <div className="flex gap-3">
        <input
          id={`${ids}-custom`}
          type="radio"
          name="option"
          value="CUSTOM"
          checked={option === "CUSTOM"}
          onChange={() => onOption("CUSTOM")}
          className={RADIO}
        />
        <div className="flex-1">
          <label htmlFor={`${ids}-custom`} className="font-semibold">
            Custom Date Range:
          </label>{" "}
          <span className="text-slate-800">
            All score reports sent to your institution in a specific date range anywhere between {labels.retentionStartLabel} and today
          </span>
          <div className="mt-3 grid max-w-md grid-cols-2 gap-4">
            <Field
              label="Start Date"
              name="start"
              type="date"
              min={labels.minDate}
              max={labels.maxDate}
              value={range.start}
              error={errors.start}
              onChange={(e) => {
                onRange({ ...range, start: e.target.value });
                onOption("CUSTOM");
              }}
            />
            <Field
              label="End Date"
              name="end"
              type="date"
              min={labels.minDate}
              max={labels.maxDate}
              value={range.end}
              error={errors.end}
              onChange={(e) => {
                onRange({ ...range, end: e.target.value });
                onOption("CUSTOM");
              }}
            />
          </div>
        </div>
      </div>
    </fieldset>
  );
}
