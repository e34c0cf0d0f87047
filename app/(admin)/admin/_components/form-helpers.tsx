import { Notice } from "@/components/ui/notice";

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <Notice tone="error" testId="form-error">
      {message}
    </Notice>
  ) : null;
}

/** Strings of a form, blanks left out (so PATCH bodies only carry what was filled in). */
export function formStrings(data: FormData, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = data.get(name);
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

/** A date input (YYYY-MM-DD) as the end of that day in the browser's time zone, or null. */
export function endOfDayIso(value: FormDataEntryValue | null): string | null {
  if (typeof value !== "string" || value === "") return null;
  return new Date(`${value}T23:59:59`).toISOString();
}
