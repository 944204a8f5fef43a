import type { Template } from 'aws-cdk-lib/assertions';
import { type BuiltApp, buildApp } from '../../infra/build-app.ts';

/** A complete, valid environment, independent of whatever cdk.json holds today. */
export const testEnvironment = {
  councilName: 'Testshire Council',
  contactPhone: '01632 960100',
  outOfHoursPhone: '01632 960199',
  senderAddress: 'private-fostering@testshire.example',
  designatedManagerAddress: 'front-door-manager@testshire.example',
  staffBaseUrl: 'https://staff.testshire.example/staff',
  routingRules: [
    { postcodePrefix: 'TS1', mailbox: 'north@testshire.example' },
    { postcodePrefix: 'TS2', mailbox: 'south@testshire.example' },
  ],
  alarmEmail: 'ops@testshire.example',
};

/** Synthesise without esbuild (fast), with a test environment; overrides replace fields of it. */
export function buildTestApp(overrides: Record<string, unknown> = {}): BuiltApp {
  return buildApp({
    bundle: false,
    context: { env: 'test', environments: { test: { ...testEnvironment, ...overrides } } },
  });
}

export type Resources = Record<
  string,
  {
    Type: string;
    Properties: Record<string, unknown>;
    Metadata?: Record<string, unknown>;
    [k: string]: unknown;
  }
>;
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The one resource of a type (throws unless there is exactly one). */
export function onlyResource(template: Template, type: string): Resources[string] {
  const found = Object.values(resourcesOf(template, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Resources[string];
}

/** The function resource whose `pf:function` metadata is `name`, with its logical id. */
export function functionNamed(template: Template, name: string): { id: string; resource: Resources[string] } {
  const entry = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(
    ([, r]) => r.Metadata?.['pf:function'] === name,
  );
  if (!entry) throw new Error(`no function ${name}`);
  return { id: entry[0], resource: entry[1] };
}

/** Every statement of the identity policies attached to a role (by the role's logical id). */
export function roleStatements(template: Template, roleId: string): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** Statements of the identity policies of the function named `name`. */
export function functionStatements(template: Template, name: string): Statement[] {
  const { resource } = functionNamed(template, name);
  const roleId = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return roleStatements(template, roleId);
}
