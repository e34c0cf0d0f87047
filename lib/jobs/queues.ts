import type PgBoss from "pg-boss";

/**
 * Background queues (pg-boss, in the `pgboss` schema of the app's database). Jobs that send
 * something carry the id of a delivery row; the row, claimed in one UPDATE, is what makes a
 * send happen once however many workers run or retry it.
 */
export const QUEUES = {
  /** Cron: plan the daily emails for the window that just closed. */
  dailyNotifications: "notifications-daily",
  /** One notification email (data: { deliveryId }). */
  sendNotification: "notifications-send",
  /** One webhook event to one endpoint (data: { deliveryId }). */
  deliverWebhook: "webhooks-deliver",
  /** Cron, every minute: re-enqueue deliveries whose job was never created or died. */
  sweep: "jobs-sweep",
  /** Cron, hourly: delete what the retention settings no longer keep (lib/jobs/retention.ts). */
  retention: "jobs-retention",
  /** Cron, every minute: start the SFTP deliveries that are due. */
  sftpTick: "sftp-delivery-tick",
  /** One delivery run for one SFTP destination (data: { destinationId }). */
  sftpDeliver: "sftp-delivery-run",
  /** Cron, daily: email accounts whose password expires soon (lib/accounts/password-reminders.ts). */
  passwordReminders: "password-reminders",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Retries with exponential backoff: 30 s, 1 min, 2 min … about 4 hours in all for sends. */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, "name">> = {
  [QUEUES.dailyNotifications]: { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 15 * 60 },
  [QUEUES.sendNotification]: { retryLimit: 9, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  [QUEUES.deliverWebhook]: { retryLimit: 9, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  [QUEUES.sweep]: { retryLimit: 0, expireInSeconds: 5 * 60 },
  [QUEUES.retention]: { retryLimit: 2, retryDelay: 300, expireInSeconds: 30 * 60 },
  [QUEUES.sftpTick]: { retryLimit: 0, expireInSeconds: 5 * 60 },
  // 30 s, 1 min, 2 min, 4 min, 8 min; then the destination's schedule tries again.
  [QUEUES.sftpDeliver]: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 * 60 },
  [QUEUES.passwordReminders]: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 15 * 60 },
};

export interface SftpDeliveryJob {
  destinationId: string;
}

export interface DeliveryJob {
  deliveryId: string;
}
