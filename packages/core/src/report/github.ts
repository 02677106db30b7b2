import type { Plan } from '../plan/plan';

const LEVEL = { info: 'notice', warning: 'warning', error: 'error' } as const;

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One GitHub Actions workflow command: `::error file=…,line=…,title=…::message`. */
export function githubAnnotation(
  severity: 'info' | 'warning' | 'error',
  message: string,
  where: { file?: string; line?: number; title?: string } = {},
): string {
  const props = [
    where.file ? `file=${escapeProperty(where.file)}` : '',
    where.line !== undefined ? `line=${where.line}` : '',
    where.title ? `title=${escapeProperty(where.title)}` : '',
  ].filter(Boolean);
  return `::${LEVEL[severity]}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}\n`;
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
