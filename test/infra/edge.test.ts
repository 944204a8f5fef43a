import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import {
  asArray,
  buildTestApp,
  functionNamed,
  functionStatements,
  onlyResource,
  resourcesOf,
  testEnvironment,
} from './helpers.ts';

/*
 * Issue 13: CloudFront with AWS WAF in front of the HTTP API (on by default in production), the
 * staff pages' own throttle, and no execute-api address beside a custom domain.
 */

const ACCOUNT = '123456789012';
const prod = (overrides: Record<string, unknown> = {}) =>
  buildApp({
    bundle: false,
    context: {
      env: 'prod',
      environments: { prod: { ...testEnvironment, account: ACCOUNT, region: 'us-east-1', ...overrides } },
    },
  });
const CERT = `arn:aws:acm:eu-west-2:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
const EDGE_CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-666666666666`;
const WEB_ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/pf-edge/abcdef01-2345-6789-abcd-ef0123456789`;

describe('the edge: CloudFront and AWS WAF (issue 13)', () => {
  it('is on by default in production: a CLOUDFRONT web ACL with the managed rule sets and rate limits', () => {
    const built = prod();
    const template = Template.fromStack(built.stateless);
    const acl = onlyResource(template, 'AWS::WAFv2::WebACL').Properties as {
      Scope: string;
      DefaultAction: unknown;
      Rules: { Name: string; Statement: Record<string, Record<string, unknown>>; Action?: unknown }[];
    };
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    const managed = acl.Rules.flatMap((r) =>
      r.Statement.ManagedRuleGroupStatement ? [r.Statement.ManagedRuleGroupStatement.Name] : [],
    );
    expect(managed).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesCommonRuleSet',
    ]);
    const rates = acl.Rules.filter((r) => r.Statement.RateBasedStatement);
    expect(rates.map((r) => [r.Name, r.Statement.RateBasedStatement?.Limit, r.Action])).toEqual([
      ['RatePerClient', 1000, { Block: {} }],
      ['RatePerClientFormPosts', 200, { Block: {} }],
    ]);

    const distribution = onlyResource(template, 'AWS::CloudFront::Distribution').Properties as {
      DistributionConfig: Record<string, unknown>;
    };
    expect(JSON.stringify(distribution.DistributionConfig.WebACLId)).toContain('EdgeWebAcl');
    // The function takes the client's address from CloudFront's header, not API Gateway's source.
    const variables = (
      functionNamed(template, 'notify').resource.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables.CLIENT_ADDRESS_HEADER).toBe('cloudfront-viewer-address');
    const policy = onlyResource(template, 'AWS::CloudFront::OriginRequestPolicy');
    expect(JSON.stringify(policy.Properties)).toContain('CloudFront-Viewer-Address');
    // Every cdk-nag finding acknowledged, with a reason.
    expect(new AwsSolutionsChecks().validateScope(built.stateless).violations).toEqual([]);
  });

  it('sends a generated secret as an origin header, which only the web functions may read', () => {
    const template = Template.fromStack(prod().stateless);
    const secrets = resourcesOf(template, 'AWS::SecretsManager::Secret');
    const [secretId, secret] =
      Object.entries(secrets).find(([id]) => id.startsWith('EdgeOriginSecret')) ?? [];
    expect(secretId).toBeDefined();
    // Generated at deploy, under the data key: never a literal in the template.
    expect(secret?.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 48,
      ExcludePunctuation: true,
    });
    expect(secret?.Properties.KmsKeyId).toBeDefined();
    const distribution = onlyResource(template, 'AWS::CloudFront::Distribution').Properties as {
      DistributionConfig: {
        Origins: { OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
      };
    };
    const headers = distribution.DistributionConfig.Origins.flatMap((o) => o.OriginCustomHeaders ?? []);
    expect(headers.map((h) => h.HeaderName)).toEqual(['x-pf-origin-verify']);
    // A dynamic reference, resolved by CloudFormation at deploy.
    expect(JSON.stringify(headers[0]?.HeaderValue)).toMatch(
      new RegExp(`\\{\\{resolve:secretsmanager:.*${secretId}.*:SecretString:::\\}\\}`),
    );
    for (const name of ['notify', 'staff', 'route', 'remind', 'ses-events']) {
      const variables = (
        functionNamed(template, name).resource.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      const reads = functionStatements(template, name).filter((s) =>
        JSON.stringify(s.Resource).includes(secretId ?? '-'),
      );
      if (name === 'notify' || name === 'staff') {
        expect(variables.ORIGIN_SECRET_ARN, name).toEqual({ Ref: secretId });
        expect(
          reads.map((s) => asArray(s.Action)),
          name,
        ).toEqual([['secretsmanager:GetSecretValue']]);
      } else {
        expect(variables.ORIGIN_SECRET_ARN, name).toBeUndefined();
        expect(reads, name).toEqual([]);
      }
    }
  });

  it('is off in other environments unless configured', () => {
    const template = Template.fromStack(buildTestApp().stateless);
    expect(Object.keys(resourcesOf(template, 'AWS::CloudFront::Distribution'))).toEqual([]);
    expect(Object.keys(resourcesOf(template, 'AWS::WAFv2::WebACL'))).toEqual([]);
    // Locally and without CloudFront, nothing sends the origin header, so nothing checks it.
    for (const name of ['notify', 'staff']) {
      const variables = (
        functionNamed(template, name).resource.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.ORIGIN_SECRET_ARN, name).toBeUndefined();
    }
    const on = Template.fromStack(
      buildTestApp({ account: ACCOUNT, region: 'us-east-1', edge: { enabled: true } }).stateless,
    );
    expect(Object.keys(resourcesOf(on, 'AWS::WAFv2::WebACL'))).toHaveLength(1);
  });

  it('outside us-east-1, uses the web ACL it is given, and refuses to synthesise without one', () => {
    expect(() => prod({ region: 'eu-west-2' })).toThrow(/edge\.webAclArn/);
    const template = Template.fromStack(
      prod({ region: 'eu-west-2', edge: { webAclArn: WEB_ACL } }).stateless,
    );
    expect(Object.keys(resourcesOf(template, 'AWS::WAFv2::WebACL'))).toEqual([]);
    const distribution = onlyResource(template, 'AWS::CloudFront::Distribution').Properties as {
      DistributionConfig: { WebACLId: unknown };
    };
    expect(distribution.DistributionConfig.WebACLId).toBe(WEB_ACL);
  });

  it('with a custom domain: CloudFront carries the name, and the execute-api address is off', () => {
    const template = Template.fromStack(
      prod({
        customDomain: { domainName: 'notify.testshire.example', certificateArn: CERT },
        edge: { certificateArn: EDGE_CERT },
      }).stateless,
    );
    const api = onlyResource(template, 'AWS::ApiGatewayV2::Api').Properties;
    expect(api.DisableExecuteApiEndpoint).toBe(true);
    const distribution = onlyResource(template, 'AWS::CloudFront::Distribution').Properties as {
      DistributionConfig: { Aliases: string[] };
    };
    expect(distribution.DistributionConfig.Aliases).toEqual(['notify.testshire.example']);
    expect(() =>
      prod({ customDomain: { domainName: 'notify.testshire.example', certificateArn: CERT } }),
    ).toThrow(/edge\.certificateArn/);
  });
});

describe('API Gateway throttles (issue 13)', () => {
  it('gives the staff pages their own route throttle, apart from the public form’s', () => {
    const template = Template.fromStack(buildTestApp().stateless);
    const stage = onlyResource(template, 'AWS::ApiGatewayV2::Stage').Properties as {
      RouteSettings: Record<string, { ThrottlingBurstLimit: number; ThrottlingRateLimit: number }>;
    };
    expect(Object.keys(stage.RouteSettings).sort()).toEqual(
      ['ANY /staff/{proxy+}', 'ANY /{proxy+}', 'GET /', 'GET /staff'].sort(),
    );
    expect(stage.RouteSettings['ANY /staff/{proxy+}']).toEqual({
      ThrottlingBurstLimit: 40,
      ThrottlingRateLimit: 20,
    });
    const api = onlyResource(template, 'AWS::ApiGatewayV2::Api').Properties;
    expect(api.DisableExecuteApiEndpoint).toBe(false);
  });
});
