/**
 * K-12 demo data (issue: AP Score Reports for K-12 Educators). Filled in with the K-12 portal;
 * until then it loads nothing.
 */
export async function seedK12Demo(_now: Date): Promise<void> {}
