import { Notice } from "@/components/ui/notice";

/** A page asked for an institution (?institution=) the user may not see: say so, and which one is shown instead. */
export function InstitutionDeniedNotice({ shownName }: { shownName: string }) {
  return (
    <div className="mb-4">
      <Notice tone="error" testId="institution-denied">
        You do not have access to that institution. Showing {shownName} instead.
      </Notice>
    </div>
  );
}
