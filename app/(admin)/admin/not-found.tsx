import { NotFoundView } from "@/components/status/not-found-view";

/**
 * An unknown institution or user (notFound() in the console's pages). The console has no
 * loading.tsx on purpose: a loading boundary streams the page, and a notFound() thrown after
 * streaming started answers 200 instead of 404.
 */
export default function SegmentNotFound() {
  return <NotFoundView homeHref="/admin" />;
}
