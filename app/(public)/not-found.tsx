import { NotFoundView } from "@/components/status/not-found-view";

export default function SegmentNotFound() {
  return <NotFoundView homeHref="/" />;
}
