#!/usr/bin/env node
/**
 * An institution's download script, written the way IT staff write one: plain fetch, no code
 * from this app. It runs the four steps for one DI code and stores the file.
 *
 *   BASE_URL=https://scores.example.edu EMAIL=… PASSWORD=… DI_CODE=5818 FORMAT=TXT OUT_DIR=./files node client.mjs
 *
 * Prints one JSON line: {"outcome":"downloaded","file":…,"downloadId":…} or {"outcome":"nothing-new"}.
 * Exits 1 with the service's message on any failure.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const { BASE_URL, EMAIL, PASSWORD, DI_CODE, FORMAT = "TXT", DOWNLOAD_TYPE = "new", OUT_DIR = "." } = process.env;
const API = `${BASE_URL}/aposrd-api-prod`;

async function call(step, authorization, body) {
  const response = await fetch(`${API}/${step}`, {
    method: "POST",
    headers: {
      "X-CB-Catapult-Authentication-Token": "CBLogin Web Service",
      "X-CB-Catapult-Authorization-Token": authorization,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  return json;
}

function fail(step, message) {
  console.error(`${step} failed: ${message}`);
  process.exit(1);
}

// 1. Authenticate
const auth = await call("webServiceAuth", "CBLogin", { u: EMAIL, p: Buffer.from(PASSWORD, "utf8").toString("base64") });
if (!auth.success) fail("webServiceAuth", auth.message);

// 2. Generate (regenerate once if the link has expired before we get to it)
let file;
for (let attempt = 0; attempt < 2; attempt++) {
  file = await call("fileGeneration", auth.authToken, { diCode: DI_CODE, format: FORMAT, downloadType: DOWNLOAD_TYPE });
  if (!file.success) {
    if (file.message.includes("There were no score orders found")) {
      console.log(JSON.stringify({ outcome: "nothing-new", message: file.message }));
      process.exit(0);
    }
    fail("fileGeneration", file.message);
  }
  const expires = Number(new URL(file.url).searchParams.get("Expires"));
  if (expires * 1000 > Date.now() + 5000) break;
}

// 3. Download (clients send the headers on the GET too)
const download = await fetch(file.url, {
  headers: { "X-CB-Catapult-Authentication-Token": "CBLogin Web Service", "X-CB-Catapult-Authorization-Token": auth.authToken },
});
if (download.status === 403) fail("download", "the link expired or is invalid");
if (!download.ok) fail("download", `HTTP ${download.status}`);
await mkdir(OUT_DIR, { recursive: true });
const target = path.join(OUT_DIR, file.fileName);
await writeFile(target, Buffer.from(await download.arrayBuffer()));

// 4. Log the download, now that the file is safely stored (downloadId sent back as a string, as some clients do)
const logged = await call("webServiceDownloaded", auth.authToken, { downloadId: String(file.downloadId), format: FORMAT });
if (!logged.success) fail("webServiceDownloaded", logged.message);

console.log(JSON.stringify({ outcome: "downloaded", file: target, downloadId: file.downloadId, fileName: file.fileName }));
