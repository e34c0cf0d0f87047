import { adminApi, expect, test, uniqueEmail } from "../fixtures";

/**
 * The audit log's address is the connection's, not whatever the client writes: every request
 * here comes from this test's own loopback address and claims another in X-Forwarded-For.
 */
test("a forged X-Forwarded-For does not change the client address", async ({ request, clientProxy }) => {
  const email = uniqueEmail("forged-xff");
  for (const forged of ["203.0.113.7", "198.51.100.1, 203.0.113.8"]) {
    const response = await request.post("/api/account/sign-in", {
      headers: { "X-Forwarded-For": forged, "X-Real-IP": forged, "X-AP-Client-Address": forged },
      data: { email, password: "not the password" },
    });
    expect(response.status()).toBe(401);
  }
  const events = await (await adminApi(request).get(`/api/admin/audit?user=${encodeURIComponent(email)}&action=sign-in.failure`)).json();
  const addresses = (events.rows as Array<{ ip: string | null }>).map((event) => event.ip);
  expect(addresses).toEqual([clientProxy.address, clientProxy.address]);
});
