/** The Nunjucks environment's options (see view-options.mjs). */
export declare const VIEW_ENVIRONMENT_OPTIONS: Readonly<{
  autoescape: boolean;
  throwOnUndefined: boolean;
  trimBlocks: boolean;
  lstripBlocks: boolean;
}>;

/** The file a bundle carries its precompiled templates in, beside its other views. */
export declare const PRECOMPILED_VIEWS_FILE: string;
