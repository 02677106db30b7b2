/** A diagnostic about a plan or a statement: data, formatted by reporters. */
export interface Finding {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  fix?: string;
}

/** Findings the planner itself raises (the safety analyzer adds its own rules). */
export const PLAN_FINDINGS = {
  downIncomplete: { code: 'MIG-P001', severity: 'warning' },
  dataLoss: { code: 'MIG-P002', severity: 'warning' },
} as const;
