import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseNotifyConfig } from '../../functions/notify/config.ts';
import { parseRemindConfig } from '../../functions/remind/config.ts';
import { parseRouteConfig } from '../../functions/route/config.ts';
import { parseSesEventsConfig } from '../../functions/ses-events/config.ts';
import { parseStaffConfig } from '../../functions/staff/staff-config.ts';
import { ConfigurationError } from '../../shared/config.ts';

/** What the stack gives every function (infra/stacks/stateless-stack.ts), and the extras each gets. */
const SHARED = {
  TABLE_NAME: 'pf-table',
  COUNCIL_NAME: 'Anytown Council',
  SENDER_ADDRESS: 'private-fostering@anytown.example',
  DESIGNATED_MANAGER_ADDRESS: 'manager@anytown.example',
  ROUTING_RULES: '[{"postcodePrefix":"AN1","mailbox":"north@anytown.example"}]',
  STAFF_BASE_URL: 'https://pf.anytown.example/staff/',
  PUBLIC_BASE_URL: 'https://pf.anytown.example/',
  COUNCIL_CONTACT_PHONE: '01632 960000',
  COUNCIL_OUT_OF_HOURS_PHONE: '01632 960999',
};
const QUEUE = { NOTIFICATION_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/pf-notifications' };
const MAIL = { SES_CONFIGURATION_SET: 'pf-mail' };
const STAFF = {
  OIDC_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
  OIDC_CLIENT_ID: 'client',
  OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:pf-staff-AbCdEf',
};

const FUNCTIONS = {
  notify: { parse: parseNotifyConfig, env: { ...SHARED, ...MAIL, ...QUEUE } },
  route: { parse: parseRouteConfig, env: { ...SHARED, ...MAIL } },
  remind: { parse: parseRemindConfig, env: { ...SHARED, ...MAIL, ...QUEUE } },
  staff: { parse: parseStaffConfig, env: { ...SHARED, ...STAFF } },
  'ses-events': { parse: parseSesEventsConfig, env: SHARED },
} as const;

/** The variables each function cannot start without: README's configuration section lists them. */
const REQUIRED: Record<keyof typeof FUNCTIONS, string[]> = {
  notify: [
    'TABLE_NAME',
    'NOTIFICATION_QUEUE_URL',
    'SENDER_ADDRESS',
    'COUNCIL_NAME',
    'COUNCIL_CONTACT_PHONE',
    'COUNCIL_OUT_OF_HOURS_PHONE',
    'PUBLIC_BASE_URL',
  ],
  route: [
    'TABLE_NAME',
    'SENDER_ADDRESS',
    'COUNCIL_NAME',
    'ROUTING_RULES',
    'DESIGNATED_MANAGER_ADDRESS',
    'STAFF_BASE_URL',
  ],
  remind: [
    'TABLE_NAME',
    'SENDER_ADDRESS',
    'NOTIFICATION_QUEUE_URL',
    'COUNCIL_NAME',
    'STAFF_BASE_URL',
    'DESIGNATED_MANAGER_ADDRESS',
  ],
  staff: [
    'TABLE_NAME',
    'COUNCIL_NAME',
    'DESIGNATED_MANAGER_ADDRESS',
    'STAFF_BASE_URL',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
  ],
  'ses-events': ['TABLE_NAME', 'DESIGNATED_MANAGER_ADDRESS'],
};

const without = (env: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => key !== name));

describe.each(Object.entries(FUNCTIONS))('the %s configuration', (name, { parse, env }) => {
  it('accepts what the stack gives it', () => {
    expect(() => parse(env)).not.toThrow();
  });

  it.each(REQUIRED[name as keyof typeof FUNCTIONS])('refuses to start without %s, naming it', (variable) => {
    expect(() => parse(without(env, variable))).toThrow(ConfigurationError);
    expect(() => parse(without(env, variable))).toThrow(
      `Invalid configuration of ${name}: ${variable} is required`,
    );
  });
});

describe('the shared pieces', () => {
  it('take the trailing slash off base URLs, once, for every function that builds links on them', () => {
    expect(parseRemindConfig(FUNCTIONS.remind.env).staffBaseUrl).toBe('https://pf.anytown.example/staff');
    expect(parseRouteConfig(FUNCTIONS.route.env).staffBaseUrl).toBe('https://pf.anytown.example/staff');
    expect(parseStaffConfig(FUNCTIONS.staff.env).redirectUri).toBe(
      'https://pf.anytown.example/staff/auth/callback',
    );
    expect(parseNotifyConfig(FUNCTIONS.notify.env).publicBaseUrl).toBe('https://pf.anytown.example');
  });

  it('parse the routing rules, naming what is wrong with them', () => {
    expect(parseRouteConfig(FUNCTIONS.route.env).routingRules).toEqual([
      { postcodePrefix: 'AN1', mailbox: 'north@anytown.example' },
    ]);
    const env = FUNCTIONS.route.env;
    expect(() => parseRouteConfig({ ...env, ROUTING_RULES: 'AN1=north' })).toThrow(
      /ROUTING_RULES: must be JSON/,
    );
    expect(() =>
      parseRouteConfig({ ...env, ROUTING_RULES: '[{"postcodePrefix":"AN1","mailbox":"nobody"}]' }),
    ).toThrow(/ROUTING_RULES\.0\.mailbox/);
  });

  it('parse the receiving councils as JSON, an empty list when there are none', () => {
    const env = FUNCTIONS.staff.env;
    expect(parseStaffConfig(env).receivingCouncils).toEqual([]);
    const othertown = {
      gss: 'E06000998',
      name: 'Othertown Council',
      frontDoorEmail: 'front-door@othertown.example',
    };
    expect(
      parseStaffConfig({ ...env, RECEIVING_COUNCILS: JSON.stringify([othertown]) }).receivingCouncils,
    ).toEqual([othertown]);
    expect(() => parseStaffConfig({ ...env, RECEIVING_COUNCILS: 'Othertown' })).toThrow(
      /RECEIVING_COUNCILS: must be JSON/,
    );
    expect(() =>
      parseStaffConfig({
        ...env,
        RECEIVING_COUNCILS: JSON.stringify([{ ...othertown, frontDoorEmail: 'x' }]),
      }),
    ).toThrow(/RECEIVING_COUNCILS\.0\.frontDoorEmail/);
  });

  it('never quote a value in the error (a client secret is one)', () => {
    const env = { ...FUNCTIONS.staff.env, OIDC_ISSUER: 'not a url with s3cret' };
    expect(() => parseStaffConfig(env)).toThrow(/OIDC_ISSUER/);
    expect(() => parseStaffConfig(env)).not.toThrow(/s3cret/);
  });

  it('read the emulator endpoints only when set (the local runtime)', () => {
    const local = parseRemindConfig({
      ...FUNCTIONS.remind.env,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324',
    });
    expect(local.storage.endpoint).toBe('http://127.0.0.1:8000');
    expect(local.queue.endpoint).toBe('http://127.0.0.1:9324');
    expect(local.mail.endpoint).toBeUndefined();
    expect(parseRemindConfig(FUNCTIONS.remind.env).storage.endpoint).toBeUndefined();
  });
});

describe('a handler checks its configuration at cold start', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.resetModules();
  });

  it('remind refuses to start without NOTIFICATION_QUEUE_URL, rather than escalate every outbox entry', async () => {
    process.env = { ...saved, ...without(FUNCTIONS.remind.env, 'NOTIFICATION_QUEUE_URL') };
    delete process.env.NOTIFICATION_QUEUE_URL;
    await expect(import('../../functions/remind/handler.ts')).rejects.toThrow(
      'Invalid configuration of remind: NOTIFICATION_QUEUE_URL is required',
    );
  });

  it('remind starts with what the stack gives it', async () => {
    process.env = { ...saved, ...FUNCTIONS.remind.env };
    const module = await import('../../functions/remind/handler.ts');
    expect(typeof module.handler).toBe('function');
  });

  it('notify refuses to start without PUBLIC_BASE_URL (links in emails are never built from Host)', async () => {
    process.env = { ...saved, ...without(FUNCTIONS.notify.env, 'PUBLIC_BASE_URL') };
    delete process.env.PUBLIC_BASE_URL;
    await expect(import('../../functions/notify/handler.ts')).rejects.toThrow(
      'Invalid configuration of notify: PUBLIC_BASE_URL is required',
    );
  });
});
