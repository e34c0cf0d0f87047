import { z } from "zod";
import { env } from "@/lib/env";
import {
  AUTHENTICATION_HEADER,
  AUTHENTICATION_VALUE,
  AUTHORIZATION_HEADER,
  AuthRequestSchema,
  AuthResponseSchema,
  BASE_PATH,
  DownloadedRequestSchema,
  DownloadedResponseSchema,
  FailureResponseSchema,
  FileGenerationRequestSchema,
  FileGenerationResponseSchema,
  FileListRequestSchema,
  FileListResponseSchema,
  LOGIN_AUTHORIZATION_VALUE,
  NO_SCORE_ORDERS,
} from "@/lib/web-service/schema";

type Json = Record<string, unknown>;

/** A component schema from a zod schema (request bodies as clients send them, responses as sent). */
function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json & { $defs?: Record<string, Json>; $ref?: string };
  const defs = json.$defs ?? {};
  const ref = json.$ref?.replace("#/$defs/", "");
  const body = ref ? defs[ref] : json;
  const { $schema: _drop, ...rest } = (body ?? {}) as Json;
  return rest;
}

const failure = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Failure" } } } });

const COMMON_FAILURES = {
  "400": failure("Bad input: a missing or wrong field (the message names it)."),
  "401": failure("Missing or wrong X-CB-Catapult headers, or an authToken that is forged, expired or revoked."),
  "403": failure("The account may not do this (no role at the DI code, MFA on without an app password…)."),
  "429": { ...failure("Rate limited; retry after the Retry-After header's seconds."), headers: { "Retry-After": { schema: { type: "integer" } } } },
  "500": failure("Unexpected server error."),
  "503": {
    ...failure("Briefly unavailable (the database is restarting); retry after the Retry-After header's seconds."),
    headers: { "Retry-After": { schema: { type: "integer" } } },
  },
};

function post(summary: string, description: string, request: string, response: string, extra: Json = {}, login = false): Json {
  return {
    post: {
      summary,
      description,
      security: login ? [{ authenticationToken: [] }] : [{ authenticationToken: [], authorizationToken: [] }],
      ...(login
        ? { parameters: [{ name: AUTHORIZATION_HEADER, in: "header", required: true, schema: { type: "string", const: LOGIN_AUTHORIZATION_VALUE } }] }
        : {}),
      requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${request}` } } } },
      responses: {
        "200": { description: "Success.", content: { "application/json": { schema: { $ref: `#/components/schemas/${response}` } } } },
        ...COMMON_FAILURES,
        ...extra,
      },
    },
  };
}

/** The OpenAPI 3.1 document of the web service, generated from the same zod schemas the endpoints parse with. */
export function openApiDocument(serverUrl: string): Json {
  const { WS_TOKEN_TTL_SECONDS, WS_URL_TTL_SECONDS } = env();
  return {
    openapi: "3.1.0",
    info: {
      title: "AP Higher Education Score Reports web service",
      version: "1.0.0",
      description: [
        "The four steps of the AP Scores web service: authenticate, generate a file, download it, log the download.",
        `Every call sends \`${AUTHENTICATION_HEADER}: ${AUTHENTICATION_VALUE}\`; \`${AUTHORIZATION_HEADER}\` is \`${LOGIN_AUTHORIZATION_VALUE}\` on webServiceAuth and the authToken afterwards.`,
        `authTokens last ${WS_TOKEN_TTL_SECONDS / 60} minutes; download URLs ${WS_URL_TTL_SECONDS / 60} minutes.`,
        `When nothing is new, fileGeneration answers HTTP 200 with success false and a message containing "${NO_SCORE_ORDERS}".`,
        "Clients should read `success` and `message`; statuses are documented per response.",
      ].join("\n\n"),
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        authenticationToken: { type: "apiKey", in: "header", name: AUTHENTICATION_HEADER, description: `Always "${AUTHENTICATION_VALUE}".` },
        authorizationToken: { type: "apiKey", in: "header", name: AUTHORIZATION_HEADER, description: "The authToken from webServiceAuth." },
      },
      schemas: {
        AuthRequest: schemaOf(AuthRequestSchema, "input"),
        AuthResponse: schemaOf(AuthResponseSchema, "output"),
        FileGenerationRequest: schemaOf(FileGenerationRequestSchema, "input"),
        FileGenerationResponse: schemaOf(FileGenerationResponseSchema, "output"),
        DownloadedRequest: schemaOf(DownloadedRequestSchema, "input"),
        DownloadedResponse: schemaOf(DownloadedResponseSchema, "output"),
        FileListRequest: schemaOf(FileListRequestSchema, "input"),
        FileListResponse: schemaOf(FileListResponseSchema, "output"),
        Failure: schemaOf(FailureResponseSchema, "output"),
      },
    },
    paths: {
      [`${BASE_PATH}/webServiceAuth`]: post(
        "Step 1: authenticate",
        "Email and base64-encoded password (or app password). Refused when the credentials are wrong, the account is locked, MFA is on (account password only), the password has expired (account password only), the terms of use are not accepted, or the account holds no APOSRD HED Admin role.",
        "AuthRequest",
        "AuthResponse",
        { "423": { ...failure("The account is locked after failed sign-ins."), headers: { "Retry-After": { schema: { type: "integer" } } } } },
        true,
      ),
      [`${BASE_PATH}/fileGeneration`]: post(
        "Step 2: generate a file",
        `Returns a pre-signed URL valid for ${WS_URL_TTL_SECONDS / 60} minutes. Generating again is always safe: "new" moves only when a download is logged (step 4). Nothing new: HTTP 200, success false, "${NO_SCORE_ORDERS} …".`,
        "FileGenerationRequest",
        "FileGenerationResponse",
      ),
      [`${BASE_PATH}/files/{downloadId}/{fileName}`]: {
        get: {
          summary: "Step 3: download the file (the url from step 2)",
          description:
            "Authorized by the URL's Expires and Signature alone; the X-CB headers may be sent and are ignored. Expired or altered URLs: HTTP 403 with an XML error body (Code AccessDenied or SignatureDoesNotMatch). Does not log the download.",
          security: [],
          parameters: [
            { name: "downloadId", in: "path", required: true, schema: { type: "integer" } },
            { name: "fileName", in: "path", required: true, schema: { type: "string" } },
            { name: "Expires", in: "query", required: true, schema: { type: "integer" }, description: "Unix seconds after which the link no longer works." },
            { name: "Signature", in: "query", required: true, schema: { type: "string" } },
          ],
          responses: {
            "200": {
              description: "The file (TXT: Content-Length set; CSV: streamed).",
              content: { "text/plain": { schema: { type: "string" } }, "text/csv": { schema: { type: "string" } } },
            },
            "403": { description: "Expired or invalid link.", content: { "application/xml": { schema: { type: "string" } } } },
            "404": { description: "No such file.", content: { "application/xml": { schema: { type: "string" } } } },
            "503": {
              description:
                "Too many downloads in progress (Code SlowDown) or the database is restarting (Code ServiceUnavailable); retry after the Retry-After header's seconds.",
              headers: { "Retry-After": { schema: { type: "integer" } } },
              content: { "application/xml": { schema: { type: "string" } } },
            },
          },
        },
      },
      [`${BASE_PATH}/webServiceDownloaded`]: post(
        "Step 4: log the download",
        'Marks the file as received; the next "new" file starts after it. Logging the same downloadId twice is a harmless success; another account\'s downloadId is refused (403); an unknown one is 404.',
        "DownloadedRequest",
        "DownloadedResponse",
        { "404": failure("No file has this downloadId.") },
      ),
      [`${BASE_PATH}/fileList`]: post(
        "This account's files for a DI code (beyond the real service)",
        "Newest first: downloadId, fileName, type, format, created time, record count and logged time.",
        "FileListRequest",
        "FileListResponse",
      ),
    },
  };
}
