import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { EdgeWebAcl } from './constructs/edge-web-acl.ts';

/*
 * The CloudFront web ACL on its own, for a council whose stacks deploy outside us-east-1 (a
 * CloudFront web ACL can only be created there). Deploy it once, then set the printed ARN as
 * environments.<env>.edge.webAclArn:
 *   npx cdk deploy --app "npx tsx infra/edge-waf-app.ts" -c account=123456789012
 *   [-c wafRateLimit=1000]
 */
const app = new App();
const account = app.node.tryGetContext('account') as string | undefined;
const rate = Number(app.node.tryGetContext('wafRateLimit') ?? Number.NaN);
const stack = new Stack(app, 'PrivateFostering-EdgeWaf', {
  description: 'Private fostering notifications: the CloudFront WAF web ACL (us-east-1)',
  env: { region: 'us-east-1', ...(account ? { account } : {}) },
});
const acl = new EdgeWebAcl(
  stack,
  'EdgeWebAcl',
  Number.isInteger(rate) ? { requestsPerFiveMinutes: rate } : {},
);
new CfnOutput(stack, 'WebAclArn', { value: acl.arn, description: 'Set as edge.webAclArn' });
app.synth();
