/** Where the web functions look for the stylesheet when run from the repository. */
export declare const STYLESHEET_FILE: string;

/** Compiles shared/web/styles/council.scss to `outFile` unless it is already built from the same inputs. */
export declare function buildStylesheet(outFile?: string): { outFile: string; built: boolean };
