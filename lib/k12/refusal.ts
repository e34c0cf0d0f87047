import { AppError } from "@/lib/errors";
import type { Refusal } from "@/lib/k12/mutations";

/** A mutation's expected refusal as the error route handlers answer with. */
export function refusalError(r: Refusal): AppError {
  return new AppError(r.code, r.message, r.field ? { field: r.field, fieldErrors: { [r.field]: r.message } } : {});
}
