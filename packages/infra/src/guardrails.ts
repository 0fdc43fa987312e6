// Placeholder replaced by the infrastructure definition.
export function createGuardrails() {
  return {};
}
