import {
  AUTHENTICATION_HEADER,
  AUTHENTICATION_VALUE,
  AUTHORIZATION_HEADER,
  BASE_PATH,
  LOGIN_AUTHORIZATION_VALUE,
  NO_SCORE_ORDERS,
} from "@/lib/web-service/schema";

/** Code samples of the four steps for the API reference page, for a given server origin. */
export function codeSamples(origin: string): { curl: string; javascript: string; java: string } {
  const base = `${origin}${BASE_PATH}`;
  const curl = `#!/bin/sh
# Needs curl and jq. EMAIL and PASSWORD (or an app password) come from the environment.
set -eu
BASE="${base}"
AUTHN="${AUTHENTICATION_HEADER}: ${AUTHENTICATION_VALUE}"

# 1. Authenticate
P=$(printf '%s' "$PASSWORD" | base64 | tr -d '\\n')
TOKEN=$(curl -sS -X POST "$BASE/webServiceAuth" -H "$AUTHN" \\
  -H "${AUTHORIZATION_HEADER}: ${LOGIN_AUTHORIZATION_VALUE}" -H "Content-Type: application/json" \\
  -d "{\\"u\\":\\"$EMAIL\\",\\"p\\":\\"$P\\"}" | jq -er '.authToken')

# 2. Generate a file of new score reports
GEN=$(curl -sS -X POST "$BASE/fileGeneration" -H "$AUTHN" -H "${AUTHORIZATION_HEADER}: $TOKEN" \\
  -H "Content-Type: application/json" -d '{"diCode":"5818","format":"TXT","downloadType":"new"}')
if [ "$(echo "$GEN" | jq -r '.success')" != "true" ]; then
  echo "$GEN" | jq -r '.message' | grep -q "${NO_SCORE_ORDERS}" && exit 0   # nothing new
  echo "$GEN" | jq -r '.message' >&2; exit 1
fi

# 3. Download it (the URL is pre-signed; it expires after a few minutes)
curl -sS --fail -o "$(echo "$GEN" | jq -r '.fileName')" "$(echo "$GEN" | jq -r '.url')"

# 4. Log the download: only now does "new" move on
curl -sS -X POST "$BASE/webServiceDownloaded" -H "$AUTHN" -H "${AUTHORIZATION_HEADER}: $TOKEN" \\
  -H "Content-Type: application/json" -d "{\\"downloadId\\":$(echo "$GEN" | jq -r '.downloadId'),\\"format\\":\\"TXT\\"}"
`;

  const javascript = `// Node 18+ (built-in fetch). Run: EMAIL=... PASSWORD=... node ap-scores.mjs
import { writeFile } from "node:fs/promises";

const BASE = "${base}";
const AUTHN = { "${AUTHENTICATION_HEADER}": "${AUTHENTICATION_VALUE}", "Content-Type": "application/json" };

async function call(path, token, body) {
  const response = await fetch(\`\${BASE}/\${path}\`, {
    method: "POST",
    headers: { ...AUTHN, "${AUTHORIZATION_HEADER}": token },
    body: JSON.stringify(body),
  });
  return response.json(); // always { success, message, ... }
}

// 1. Authenticate
const p = Buffer.from(process.env.PASSWORD, "utf8").toString("base64");
const auth = await call("webServiceAuth", "${LOGIN_AUTHORIZATION_VALUE}", { u: process.env.EMAIL, p });
if (!auth.success) throw new Error(auth.message);

// 2. Generate
const file = await call("fileGeneration", auth.authToken, { diCode: "5818", format: "CSV", downloadType: "new" });
if (!file.success) {
  if (file.message.includes("${NO_SCORE_ORDERS}")) process.exit(0); // nothing new
  throw new Error(file.message);
}

// 3. Download (regenerate if the URL's Expires has passed or the answer is 403)
const download = await fetch(file.url);
if (!download.ok) throw new Error(\`download failed: HTTP \${download.status}\`);
await writeFile(file.fileName, Buffer.from(await download.arrayBuffer()));

// 4. Log the download once the file is safely stored
const logged = await call("webServiceDownloaded", auth.authToken, { downloadId: file.downloadId, format: "CSV" });
if (!logged.success) throw new Error(logged.message);
`;

  const java = `// Java 11+ (java.net.http). Uses a JSON library of your choice (Jackson shown).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

public class ApScores {
  static final String BASE = "${base}";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode call(String path, String token, Map<String, Object> body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + "/" + path))
        .header("${AUTHENTICATION_HEADER}", "${AUTHENTICATION_VALUE}")
        .header("${AUTHORIZATION_HEADER}", token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  public static void main(String[] args) throws Exception {
    String p = Base64.getEncoder().encodeToString(System.getenv("PASSWORD").getBytes(StandardCharsets.UTF_8));
    JsonNode auth = call("webServiceAuth", "${LOGIN_AUTHORIZATION_VALUE}", Map.of("u", System.getenv("EMAIL"), "p", p));
    if (!auth.get("success").asBoolean()) throw new IllegalStateException(auth.get("message").asText());
    String token = auth.get("authToken").asText();

    JsonNode file = call("fileGeneration", token, Map.of("diCode", "5818", "format", "TXT", "downloadType", "new"));
    if (!file.get("success").asBoolean()) {
      if (file.get("message").asText().contains("${NO_SCORE_ORDERS}")) return; // nothing new
      throw new IllegalStateException(file.get("message").asText());
    }

    HttpResponse<Path> download = HTTP.send(HttpRequest.newBuilder(URI.create(file.get("url").asText())).build(),
        HttpResponse.BodyHandlers.ofFile(Path.of(file.get("fileName").asText())));
    if (download.statusCode() != 200) throw new IllegalStateException("download failed: HTTP " + download.statusCode());

    JsonNode logged = call("webServiceDownloaded", token, Map.of("downloadId", file.get("downloadId").asLong(), "format", "TXT"));
    if (!logged.get("success").asBoolean()) throw new IllegalStateException(logged.get("message").asText());
  }
}
`;
  return { curl, javascript, java };
}
