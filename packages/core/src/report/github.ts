import type { Plan } from '../plan/plan';

const LEVEL = { info: 'notice', warning: 'warning', error: 'error' } as const;

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one annotation per finding, on `file` when given. */
export function renderGithubAnnotations(plan: Plan, file?: string): string {
  return plan.analysis.findings
    .map((f) => {
      const props = [file ? `file=${escapeProperty(file)}` : '', `title=${escapeProperty(`${f.code} ${plan.description}`)}`]
        .filter(Boolean)
        .join(',');
      const text = f.fix ? `${f.message}. Fix: ${f.fix}` : f.message;
      return `::${LEVEL[f.severity]} ${props}::${escapeData(text)}\n`;
    })
    .join('');
}
