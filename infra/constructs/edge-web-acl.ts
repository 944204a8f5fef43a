import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * The AWS WAF web ACL in front of the public form and the staff pages (issue 13). Scope
 * CLOUDFRONT: an HTTP API cannot carry a web ACL itself, so CloudFront fronts it, and a
 * CloudFront web ACL must be created in us-east-1 (the stateless stack makes it there, or is given
 * one made by infra/edge-waf-app.ts).
 *
 * Rules, in order:
 *  1. AmazonIpReputationList: addresses AWS threat intelligence knows for bots and attacks.
 *  2. KnownBadInputsRuleSet: request patterns of known exploits (Log4j, path traversal, …).
 *  3. CommonRuleSet (OWASP-style): with SizeRestrictions_BODY counted, not blocked: a long
 *     notification can be over its 8 KB, and the function refuses bodies over 100 KB itself (413).
 *  4. A rate limit per client address on everything: `requestsPerFiveMinutes` (default 1,000; a
 *     person filling in the form makes about 40 requests, so an office behind one address has
 *     room for many people at once).
 *  5. A tighter rate limit per client address on form posts outside /staff (default 200 per 5
 *     minutes): each post is a write; the function's own per-client limits (shared/domain/
 *     rate-limits.ts) then count drafts, emails and notifications.
 */
export interface EdgeWebAclProps {
  /** Requests per 5 minutes per client address, all paths. @default 1000 */
  requestsPerFiveMinutes?: number;
  /** Public-form POSTs per 5 minutes per client address. @default 200 */
  formPostsPerFiveMinutes?: number;
}

export const DEFAULT_WAF_REQUESTS_PER_FIVE_MINUTES = 1000;
export const DEFAULT_WAF_FORM_POSTS_PER_FIVE_MINUTES = 200;

export class EdgeWebAcl extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps = {}) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (
      name: string,
      priority: number,
      ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(ruleActionOverrides ? { ruleActionOverrides } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Private fostering notifications: managed rule sets and per-client rate limits',
      visibilityConfig: visibility('PrivateFosteringEdge'),
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        managed('AWSManagedRulesCommonRuleSet', 2, [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ]),
        {
          name: 'RatePerClient',
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.requestsPerFiveMinutes ?? DEFAULT_WAF_REQUESTS_PER_FIVE_MINUTES,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('RatePerClient'),
        },
        {
          name: 'RatePerClientFormPosts',
          priority: 4,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.formPostsPerFiveMinutes ?? DEFAULT_WAF_FORM_POSTS_PER_FIVE_MINUTES,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { method: {} },
                        positionalConstraint: 'EXACTLY',
                        searchString: 'POST',
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                    {
                      notStatement: {
                        statement: {
                          byteMatchStatement: {
                            fieldToMatch: { uriPath: {} },
                            positionalConstraint: 'STARTS_WITH',
                            searchString: '/staff',
                            textTransformations: [{ priority: 0, type: 'NONE' }],
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('RatePerClientFormPosts'),
        },
      ],
    });
    this.arn = acl.attrArn;
  }
}
