// The failure taxonomy (upper snake case) every heavy-worker response reports in
// `artifacts.failure.reason`.
export const FAILURE_REASONS = [
  'TIMEOUT',
  'OUT_OF_BOUNDS',
  'FORBID_ZONE_HIT',
  'PHYSICS_INSTABILITY',
  'MOTOR_OVERLOAD',
  'VALIDATION_FAILED',
  'MANUFACTURABILITY_FAILED',
  'VERIFICATION_FAILED',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface Failure {
  reason: FailureReason;
  detail: string;
}
