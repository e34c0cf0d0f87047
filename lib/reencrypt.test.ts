import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { decryptSecret, encryptSecret, isSealedWithCurrentKey } from "@/lib/crypto";
import { resetEnvCache } from "@/lib/env";
import { reencryptSecrets } from "@/lib/reencrypt";
import { useTestDatabase } from "@/lib/test/db";
import { createCollege, makeUser } from "@/lib/test/factories";

useTestDatabase();

const OLD_KEY = "old-key-old-key-old-key-old-key-0001";
const NEW_KEY = "new-key-new-key-new-key-new-key-0002";

function useKeys(value: string | undefined): void {
  if (value === undefined) delete process.env.DATA_ENCRYPTION_KEYS;
  else process.env.DATA_ENCRYPTION_KEYS = value;
  resetEnvCache();
}

afterEach(() => useKeys(undefined));

describe("data encryption keys", () => {
  it("still reads values sealed the old way (from AUTH_SECRET) once data keys are set", () => {
    useKeys(undefined);
    const legacy = encryptSecret("JBSWY3DPEHPK3PXP");
    expect(legacy.split(".")).toHaveLength(3);
    useKeys(NEW_KEY);
    expect(decryptSecret(legacy)).toBe("JBSWY3DPEHPK3PXP");
    expect(isSealedWithCurrentKey(legacy)).toBe(false);
  });

  it("encrypts with the first key, decrypts with any listed key, and refuses a dropped key clearly", () => {
    useKeys(OLD_KEY);
    const underOld = encryptSecret("whsec_one");
    useKeys(`${NEW_KEY},${OLD_KEY}`);
    expect(decryptSecret(underOld)).toBe("whsec_one");
    expect(isSealedWithCurrentKey(encryptSecret("x"))).toBe(true);
    useKeys(NEW_KEY);
    expect(() => decryptSecret(underOld)).toThrow(/not in DATA_ENCRYPTION_KEYS/);
  });

  it("re-encryption moves every MFA, webhook and access-code secret to the new key, so the old key can be dropped", async () => {
    useKeys(undefined);
    const legacyUser = await makeUser({ email: `mfa-legacy-${Date.now()}@x.test`, mfaSecret: encryptSecret("SEED-LEGACY") });
    useKeys(OLD_KEY);
    const oldUser = await makeUser({ email: `mfa-old-${Date.now()}@x.test`, mfaSecret: encryptSecret("SEED-OLD") });
    const college = await createCollege();
    const creator = await makeUser({ email: `hook-${Date.now()}@x.test` });
    const webhook = await prisma.webhook.create({
      data: {
        organizationId: college.id,
        createdById: creator.id,
        url: "https://hooks.example.org/ap",
        secretSealed: encryptSecret("whsec_hook"),
        secretHint: "hook",
      },
    });
    const code = await prisma.accessCode.create({
      data: { organizationId: college.id, codeHash: `reencrypt-${Date.now()}`, hint: "DE42", codeSealed: encryptSecret("QX7M-K4RT-ZPDE42") },
    });

    useKeys(`${NEW_KEY},${OLD_KEY}`);
    const first = await reencryptSecrets();
    expect(first).toMatchObject({ reencrypted: 4, unreadable: [] });
    expect((await reencryptSecrets()).reencrypted).toBe(0);

    useKeys(NEW_KEY);
    const read = async (id: string) => decryptSecret((await prisma.user.findUniqueOrThrow({ where: { id } })).mfaSecret!);
    expect(await read(legacyUser.id)).toBe("SEED-LEGACY");
    expect(await read(oldUser.id)).toBe("SEED-OLD");
    expect(decryptSecret((await prisma.webhook.findUniqueOrThrow({ where: { id: webhook.id } })).secretSealed)).toBe("whsec_hook");
    expect(decryptSecret((await prisma.accessCode.findUniqueOrThrow({ where: { id: code.id } })).codeSealed!)).toBe("QX7M-K4RT-ZPDE42");
  });
});
