import { type BuiltApp, buildApp } from '../../infra/build-app.ts';

/** A complete, valid environment, independent of whatever cdk.json holds today. */
export const testEnvironment = {
  councilName: 'Testshire Council',
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
