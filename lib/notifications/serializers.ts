/** Answers of /api/notifications/*, shared by the routes and the notifications page. */
export interface MessageResponse {
  ok: true;
  message: string;
}

/** POST /api/notifications/settings. */
export interface SettingsResponse extends MessageResponse {
  enabled: boolean;
}

/** POST /api/notifications/test: 200 when sent, 202 when queued for retry or not sent. */
export interface TestNotificationResponse extends MessageResponse {
  status: string;
}
