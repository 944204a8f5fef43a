export interface PrecompiledTemplates {
  format: number;
  nunjucks: string;
  options: Record<string, boolean>;
  folders: number;
  /** `/<folder index>/<name>` → the compiled template's code (a function body returning its root). */
  templates: Record<string, string>;
}

export declare const PRECOMPILED_FORMAT: number;

/** The set as written to the file: JSON whose first line indexes where each template lies. */
export declare function serializePrecompiled(set: PrecompiledTemplates): string;
export declare const NUNJUCKS_VERSION: string;

/** Every .njk under `roots` (searched in that order), compiled as Nunjucks would at render time. */
export declare function precompileTemplates(roots: string[]): PrecompiledTemplates;

/** Writes the precompiled set of `roots` to `outFile`. */
export declare function writePrecompiledTemplates(
  outFile: string,
  roots: string[],
): { outFile: string; templates: number };
