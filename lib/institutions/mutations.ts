import { actorFields, audit, type AdminActor } from "@/lib/audit";
import { isUniqueViolation, prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { INSTITUTION_SELECT } from "@/lib/institutions/queries";
import type { CreateInstitutionInput, InstitutionValues, UpdateInstitutionInput } from "@/lib/institutions/schema";

export interface InstitutionRow extends InstitutionValues {
  id: string;
  diCode: string;
}

function toInstitutionRow(row: {
  id: string;
  code: string;
  name: string;
  addressLines: string[];
  city: string;
  state: string;
  zip: string;
  contactName: string;
  contactEmail: string;
}): InstitutionRow {
  const { code, ...rest } = row;
  return { ...rest, diCode: code };
}

export async function createInstitution(input: CreateInstitutionInput, actor: AdminActor): Promise<InstitutionRow> {
  try {
    return await prisma.$transaction(async (tx) => {
      const { diCode, ...fields } = input;
      const row = await tx.organization.create({ data: { kind: "COLLEGE", code: diCode, ...fields }, select: INSTITUTION_SELECT });
      await audit({ ...actorFields(actor), action: "admin.institution.created", organizationId: row.id, details: { diCode, name: row.name } }, tx);
      return toInstitutionRow(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `An institution with DI code ${input.diCode} already exists.`, {
        field: "diCode",
        fieldErrors: { diCode: `DI code ${input.diCode} is already in use.` },
      });
    }
    throw error;
  }
}

export async function updateInstitution(diCode: string, input: UpdateInstitutionInput, actor: AdminActor): Promise<InstitutionRow> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.organization.findUnique({ where: { kind_code: { kind: "COLLEGE", code: diCode } }, select: { id: true } });
    if (!existing) throw new AppError("NOT_FOUND", `No institution has DI code ${diCode}.`);
    const data = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const row = await tx.organization.update({ where: { id: existing.id }, data, select: INSTITUTION_SELECT });
    await audit({ ...actorFields(actor), action: "admin.institution.updated", organizationId: row.id, details: { diCode, changed: Object.keys(data) } }, tx);
    return toInstitutionRow(row);
  });
}
