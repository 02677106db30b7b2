import { Command, CommanderError } from 'commander';
import { registerAnalyze } from './commands/analyze';
import { registerRunner } from './commands/migrate';
import { registerPlan } from './commands/plan';
import { type Io, processIo, reportError } from './output';

const VERSION: string = (require('../package.json') as { version: string }).version;

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command();
  const run = async (work: () => Promise<number>) => {
    try {
      setCode(await work());
    } catch (e) {
      setCode(reportError(io, e));
    }
  };
  program
    .name('mig')
    .description('mig turns a schema change into safe, reversible database migrations')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run mig --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerPlan(program, io, run);
  registerAnalyze(program, io, run);
  registerRunner(program, io, run);
  return program;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    return reportError(io, e);
  }
  return code;
}
