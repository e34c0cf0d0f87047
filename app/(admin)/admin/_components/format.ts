import { formatDateTime } from "@/lib/dates";

export function when(date: Date | null | undefined, never = "Never"): string {
  return date ? formatDateTime(date) : never;
}
