import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** What an operator command prints: counts, ids and names only, never an item or a message body. */
export type Print = (line: string) => void;

/** Options only, every one known: a mistyped flag is a mistake, not something to ignore. */
export function parseOptions<O extends ParseArgsOptionsConfig>(argv: string[], options: O) {
  return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
}

/**
 * The command's arguments, parsed by `parse` (node:util parseArgs, strict); on a mistake, the
 * mistake and the usage are printed and the result is undefined (the command exits 2).
 */
export function parsedOrUsage<T>(parse: () => T, usage: string, print: Print): T | undefined {
  try {
    return parse();
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return undefined;
  }
}

/**
 * Runs `main` with the process's arguments when the module is the one node was asked to run (not
 * when a test imports it), and sets the exit code from it. An error prints its name and message
 * (the SDK's, e.g. AccessDenied): never an item or a body.
 */
export function runWhenInvoked(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      process.exitCode = 1;
    },
  );
}
