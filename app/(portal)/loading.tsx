import { LoadingView } from "@/components/status/loading-view";

export default function SegmentLoading() {
  return <LoadingView />;
}
