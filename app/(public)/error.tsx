"use client";
import { ErrorView } from "@/components/status/error-view";

export default function SegmentError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} homeHref="/" />;
}
