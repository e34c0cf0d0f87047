/**
 * A parameterized query with its parameters written in as literals, so a tool that cannot bind
 * parameters (psql's COPY, EXPLAIN in a test) runs exactly the query the app runs.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
  if (Array.isArray(value)) return `'{${value.map((v) => `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}'`;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return `'${String(value).replaceAll("'", "''")}'`;
}

export function inlineParameters(text: string, values: readonly unknown[]): string {
  // Highest numbers first, so $1 never eats the start of $10.
  let sql = text;
  for (let i = values.length; i >= 1; i--) sql = sql.replaceAll(new RegExp(`\\$${i}(?!\\d)`, "g"), literal(values[i - 1]));
  return sql;
}
