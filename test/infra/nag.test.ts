import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { PipelineFunction } from '../../infra/constructs/pipeline-function.ts';
import { buildTestApp } from './helpers.ts';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        out.push({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason: String(reason ?? ''),
        });
      }
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  const built = buildTestApp();

  for (const stack of [built.stateful, built.stateless]) {
    it(`finds nothing unacknowledged in ${stack.stackName}`, () => {
      const report = new AwsSolutionsChecks().validateScope(stack);
      const findings = report.violations.map(
        (v) =>
          `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`,
      );
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    });
  }

  it('gives every acknowledgement a specific reason, scoped to a resource rather than a stack or the app', () => {
    const acks = acknowledgements(built.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.trim().length, `${ack.id} on ${ack.path}`).toBeGreaterThanOrEqual(40);
      expect([built.app.node.path, built.stateful.node.path, built.stateless.node.path]).not.toContain(
        ack.path,
      );
    }
  });

  it('acknowledges only the rules we expect', () => {
    const ids = new Set(acknowledgements(built.app).map((a) => a.id));
    expect([...ids].sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-SMG4', 'AwsSolutions-SQS3']);
  });

  it('stays clean when X-Ray tracing is switched on (its required Resource "*" is acknowledged)', () => {
    const { stateful, stateless } = buildTestApp();
    new PipelineFunction(stateless, 'Traced', {
      name: 'traced',
      entry: 'functions/remind/handler.ts',
      environment: {},
      logKey: stateful.key,
      tracing: true,
    });
    expect(new AwsSolutionsChecks().validateScope(stateless).violations).toEqual([]);
  });

  it('runs as a validation plugin at synth', () => {
    // The plugin registered by buildApp would fail synth on a finding; synthesising must succeed.
    expect(() => buildTestApp().app.synth()).not.toThrow();
  });
});
