import { NotFoundView } from "@/components/status/not-found-view";
import PublicLayout from "./(public)/layout";

/** An address no route matches: the public frame, the explanation, the way home. */
export default function NotFound() {
  return (
    <PublicLayout>
      <NotFoundView homeHref="/" />
    </PublicLayout>
  );
}
