import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAuthDomainPrefix, parseEnvironmentConfig } from '../../infra/config.ts';
import {
  asArray,
  buildTestApp,
  functionNamed,
  functionStatements,
  onlyResource,
  resourcesOf,
  type Statement,
  testEnvironment,
} from './helpers.ts';

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  const built = buildTestApp();
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
});

describe('staff user pool (stateful)', () => {
  it('is retained, deletion-protected, invitation-only, with TOTP required and Plus threat protection enforced', () => {
    stateful.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        UsernameAttributes: ['email'],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      }),
    });
  });

  it('has a strong password policy', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 12,
        },
      },
    });
  });

  it('has the two roles as groups, the manager first', () => {
    const groups = Object.values(resourcesOf(stateful, 'AWS::Cognito::UserPoolGroup')).map((g) => [
      g.Properties.GroupName,
      g.Properties.Precedence,
    ]);
    expect(groups.sort()).toEqual([
      ['caseworker', 1],
      ['designated-manager', 0],
    ]);
  });

  it('has a hosted sign-in domain, prefixed from configuration or by default from the council and environment', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'pf-testshire-council-test' });
    const custom = Template.fromStack(buildTestApp({ staffAuthDomainPrefix: 'testshire-staff' }).stateful);
    custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'testshire-staff' });
    expect(defaultAuthDomainPrefix('Amazonville & District Council', 'prod')).toBe(
      'pf-ville-district-council-prod',
    );
  });

  it('rejects a domain prefix Cognito would refuse, saying why', () => {
    expect(() =>
      parseEnvironmentConfig('prod', { ...testEnvironment, staffAuthDomainPrefix: 'My_Council' }),
    ).toThrow(/staffAuthDomainPrefix: staffAuthDomainPrefix must be lowercase letters, digits and hyphens/);
    expect(() =>
      parseEnvironmentConfig('prod', { ...testEnvironment, staffAuthDomainPrefix: 'council-cognito' }),
    ).toThrow(/must not contain aws, amazon or cognito/);
  });

  it('has one confidential app client: authorization code only, openid/email/profile, the staff callback and sign-out URLs', () => {
    const client = onlyResource(stateful, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://staff.testshire.example/staff/auth/callback'],
      LogoutURLs: ['https://staff.testshire.example/staff/signed-out'],
      // No password, SRP or custom flows: sign-in happens on the hosted pages only.
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('copies the client secret into Secrets Manager under the data key, from Cognito (never in the template)', () => {
    const keyId = stateful.getResourceId('AWS::KMS::Key');
    const clientId = stateful.getResourceId('AWS::Cognito::UserPoolClient');
    // The other secret in this stack is the address hash key (shared/hash-key.ts).
    const secret = Object.values(resourcesOf(stateful, 'AWS::SecretsManager::Secret')).find(
      (r) => r.Properties.SecretString !== undefined,
    );
    if (!secret) throw new Error('no client secret');
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(secret.Properties.SecretString).toEqual({ 'Fn::GetAtt': [clientId, 'ClientSecret'] });
    // No custom resource (and no Lambda) is needed to read the secret.
    expect(Object.keys(resourcesOf(stateful, 'Custom::DescribeCognitoUserPoolClient'))).toEqual([]);
  });

  it('federates to the council identity provider when configured, with its secret as a deploy-time reference', () => {
    const built = buildTestApp({
      staffIdentityProvider: {
        type: 'oidc',
        name: 'TestshireCouncil',
        issuerUrl: 'https://login.testshire.example/oidc',
        clientId: 'pf-staff',
        clientSecretName: 'testshire/pf-staff-idp',
      },
    });
    const template = Template.fromStack(built.stateful);
    const provider = onlyResource(template, 'AWS::Cognito::UserPoolIdentityProvider');
    expect(provider.Properties).toMatchObject({
      ProviderName: 'TestshireCouncil',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: 'pf-staff',
        client_secret: '{{resolve:secretsmanager:testshire/pf-staff-idp:SecretString:::}}',
        oidc_issuer: 'https://login.testshire.example/oidc',
        authorize_scopes: 'openid email profile',
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: [
        'COGNITO',
        { Ref: template.getResourceId('AWS::Cognito::UserPoolIdentityProvider') },
      ],
    });
  });

  it('refuses a federation setting that is not OIDC over https', () => {
    expect(() =>
      parseEnvironmentConfig('prod', {
        ...testEnvironment,
        staffIdentityProvider: {
          type: 'saml',
          name: 'X1x',
          issuerUrl: 'http://idp.example',
          clientId: 'a',
          clientSecretName: 'b',
        },
      }),
    ).toThrow(/staffIdentityProvider\.type must be 'oidc'[\s\S]*issuerUrl must be an https URL/);
  });
});

describe('staff function (stateless)', () => {
  it('serves GET /staff and ANY /staff/{proxy+} through its own integration, recorded as pf:function staff', () => {
    const { id } = functionNamed(stateless, 'staff');
    const integrationId = Object.entries(resourcesOf(stateless, 'AWS::ApiGatewayV2::Integration')).find(
      ([, i]) =>
        JSON.stringify(i.Properties.IntegrationUri) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }),
    )?.[0];
    expect(integrationId).toBeDefined();
    const staffRoutes = Object.values(resourcesOf(stateless, 'AWS::ApiGatewayV2::Route')).filter(
      (r) => r.Properties.Target && JSON.stringify(r.Properties.Target).includes(String(integrationId)),
    );
    expect(staffRoutes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'ANY /staff/{proxy+}',
      'GET /staff',
    ]);
    for (const route of staffRoutes) expect(route.Metadata?.['pf:function']).toBe('staff');
  });

  it("gets the Cognito issuer, client id and the secret's ARN, never the secret itself", () => {
    const variables = (
      functionNamed(stateless, 'staff').resource.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    const issuer = JSON.stringify(variables.OIDC_ISSUER);
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toMatch(/Fn::ImportValue.*StaffUserPool/);
    expect(JSON.stringify(variables.OIDC_CLIENT_ID)).toMatch(/Fn::ImportValue.*StaffPagesClient/);
    expect(JSON.stringify(variables.OIDC_CLIENT_SECRET_ARN)).toMatch(/Fn::ImportValue.*StaffClientSecret/);
    expect(JSON.stringify(variables.OIDC_LOGOUT_URL)).toContain('.amazoncognito.com/logout');
    expect(variables).not.toHaveProperty('OIDC_CLIENT_SECRET');
    expect(variables.STAFF_BASE_URL).toBe(testEnvironment.staffBaseUrl);
  });

  it('may read only its client secret, and the table and key like the other web function', () => {
    const statements = functionStatements(stateless, 'staff');
    const secretReads = statements.filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretReads).toEqual([
      expect.objectContaining({
        Action: 'secretsmanager:GetSecretValue',
        Resource: { 'Fn::ImportValue': expect.stringContaining('StaffClientSecret') },
      }),
    ]);
    const actions = statements.flatMap((s) => asArray(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'kms:Decrypt']));
    // It sends one kind of email (a case allocated to you), and queues nothing.
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual(['ses:SendEmail']);
    expect(actions.some((a) => a.startsWith('sqs:'))).toBe(false);
  });

  it('may list the members of a group in its own user pool only, for the staff directory (issue 17)', () => {
    const cognitoStatements = Object.values(resourcesOf(stateless, 'AWS::IAM::Policy'))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('cognito-idp:')));
    // Only staff's role has it, once, with no wildcard action or resource.
    expect(cognitoStatements).toEqual([
      {
        Sid: 'ListStaffDirectory',
        Effect: 'Allow',
        Action: 'cognito-idp:ListUsersInGroup',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/StaffUserPool.*Arn/) },
      },
    ]);
    expect(functionStatements(stateless, 'staff')).toContainEqual(cognitoStatements[0]);
    const variables = (
      functionNamed(stateless, 'staff').resource.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(JSON.stringify(variables.STAFF_USER_POOL_ID)).toMatch(/Fn::ImportValue.*StaffUserPool/);
  });
});
