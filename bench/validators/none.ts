// See zod-classic.ts: the same module with no validator, the floor of the comparison.
export const handler = (raw: unknown) => ({ success: typeof raw === "object" && raw !== null, data: raw });
