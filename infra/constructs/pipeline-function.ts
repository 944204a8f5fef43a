import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../shared/observability-metrics.ts';

/** The repository root: entries and the lockfile are resolved from here, whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Template metadata keys the local runtime reads to find each function's source. */
export const ENTRY_METADATA_KEY = 'pf:entry';
export const HANDLER_METADATA_KEY = 'pf:handler';
export const NAME_METADATA_KEY = 'pf:function';

/** ESM bundles still meet CommonJS dependencies that call `require`; give them one. */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** Files a function reads at run time (templates, compiled assets) that esbuild cannot bundle. */
export type BundleFiles = CopiedFiles | BuiltFile;

/** Files copied as they are from the repository. */
export interface CopiedFiles {
  /** Folder relative to the repository root. */
  readonly from: string;
  /** Folder relative to the bundle root (where index.mjs is). */
  readonly to: string;
  /** Copy only files ending with one of these; all files if absent. */
  readonly suffixes?: string[];
}

/** A file built into the bundle by a script (the stylesheet from its Sass, the precompiled templates). */
export interface BuiltFile {
  /**
   * A plain JavaScript script, relative to the repository root, run as
   * `node <script> <file> [input ...]`.
   */
  readonly build: string;
  /** The file it writes, relative to the bundle root. */
  readonly to: string;
  /** Files or folders it reads, relative to the repository root (passed as absolute paths). */
  readonly inputs?: string[];
}

const COPY_FILES_SCRIPT = 'infra/constructs/copy-files.mjs';

export interface PipelineFunctionProps {
  /** Short name (notify, route, remind, staff): used for POWERTOOLS_SERVICE_NAME and metadata. */
  readonly name: string;
  /** Handler source, relative to the repository root, e.g. `functions/notify/handler.ts`. */
  readonly entry: string;
  /** Exported handler name. @default 'handler' */
  readonly handler?: string;
  /** Environment variables (POWERTOOLS_* are added here). */
  readonly environment: Record<string, string>;
  /** Key that encrypts the function's log group. */
  readonly logKey: kms.IKey;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean;
  /** Reserve concurrency to protect a downstream service. @default none */
  readonly reservedConcurrentExecutions?: number;
  readonly description?: string;
  /** Copied next to the bundle after esbuild (only when bundling, never for the local runtime). */
  readonly bundleFiles?: BundleFiles[];
}

/**
 * The house Lambda: Node.js 24 on arm64, an ESM bundle built by esbuild, its own role with only the
 * log-writing rights it needs (no AWS managed policy), a KMS-encrypted log group kept for a month,
 * and the handler's source recorded on the CloudFormation resource for the local runtime.
 */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const handler = props.handler ?? 'handler';
    const entryPath = join(REPO_ROOT, props.entry);
    if (!existsSync(entryPath)) {
      throw new Error(
        `PipelineFunction ${props.name}: entry ${props.entry} does not exist under ${REPO_ROOT}`,
      );
    }
    const bundleFiles = props.bundleFiles ?? [];
    for (const files of bundleFiles) {
      const sources = 'build' in files ? [files.build, ...(files.inputs ?? [])] : [files.from];
      const missing = sources.find((source) => !existsSync(join(REPO_ROOT, source)));
      if (missing) {
        throw new Error(
          `PipelineFunction ${props.name}: bundle files ${missing} do not exist under ${REPO_ROOT}`,
        );
      }
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.name} function`,
    });
    // The log group's Arn attribute already ends in ':*' (its streams); nothing else is granted here.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: entryPath,
      handler,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      description: props.description,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // No NODE_OPTIONS=--enable-source-maps: with it Node reads and indexes the bundle's map at
        // every cold start (~25 ms of CPU on a first visit, issue 16), for stack traces that no log
        // line carries (describeError logs an error's name and message only). A stack the runtime
        // prints for a crash at init can still be mapped offline with the map in the asset.
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        // Kept in the asset, mappings and file names only, to map a minified stack trace offline;
        // not read at run time (see NODE_OPTIONS above).
        sourcesContent: false,
        target: 'node24',
        mainFields: ['module', 'main'],
        // The AWS SDK goes in the bundle, tree-shaken from its ES modules, instead of being loaded
        // from the runtime's copy: that copy is hundreds of CommonJS files, each resolved, checked
        // for its module format and compiled at every cold start. Measured with `npm run bench`
        // (interleaved fresh processes, issue 16): a notifier's first visit (start page and first
        // question) went from 334 to 216 ms, the staff case list from 331 to 226 (full runs). It
        // also deploys the SDK version the tests ran, not whichever the runtime carries. Clients
        // only a rare path uses are reached through `import()` of a small module of ours, so they
        // are evaluated when first used (test/infra/lazy-sdk.test.ts).
        bundleAwsSDK: true,
        banner: ESM_REQUIRE_BANNER,
        ...(bundleFiles.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  bundleFiles.map((files) =>
                    [
                      'node',
                      ...('build' in files
                        ? [
                            join(inputDir, files.build),
                            join(outputDir, files.to),
                            ...(files.inputs ?? []).map((input) => join(inputDir, input)),
                          ]
                        : [
                            join(inputDir, COPY_FILES_SCRIPT),
                            join(inputDir, files.from),
                            join(outputDir, files.to),
                            ...(files.suffixes ?? []),
                          ]),
                    ]
                      .map((arg) => JSON.stringify(arg))
                      .join(' '),
                  ),
              },
            }
          : {}),
      },
    });

    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*".',
      });
    }

    const cfn = this.function.node.defaultChild as CfnResource;
    cfn.addMetadata(ENTRY_METADATA_KEY, props.entry);
    cfn.addMetadata(HANDLER_METADATA_KEY, handler);
    cfn.addMetadata(NAME_METADATA_KEY, props.name);
  }
}
