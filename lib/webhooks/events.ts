/** The JSON events webhooks receive. Institution-level facts only: never student data. */

export const EVENT_TYPES = {
  released: "score_reports.released",
  test: "webhook.test",
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface WebhookEvent {
  id: string;
  type: EventType;
  /** When the event was created (ISO 8601, UTC). */
  createdAt: string;
  institution: { diCode: string; name: string };
  data: {
    /** Score reports released in this batch. */
    count: number;
    /** Latest release time in the batch (ISO 8601, UTC). */
    releasedAt: string;
  };
}

export function buildEvent(input: { id: string; type: EventType; createdAt: Date; diCode: string; name: string; count: number; releasedAt: Date }): string {
  const event: WebhookEvent = {
    id: input.id,
    type: input.type,
    createdAt: input.createdAt.toISOString(),
    institution: { diCode: input.diCode, name: input.name },
    data: { count: input.count, releasedAt: input.releasedAt.toISOString() },
  };
  return JSON.stringify(event);
}
